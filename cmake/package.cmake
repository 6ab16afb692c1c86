# The Debian package (scripts/package: cpack -G DEB): vafa_<version>_amd64.deb
# with the binary (stripped), the built web UI (web/dist, scripts/build-web),
# man pages made from --help by help2man, /etc/vafa/vafa.conf (a conffile),
# the systemd unit, and maintainer scripts that create the vafa system user
# and its /var/lib/vafa (packaging/).

set(VAFA_WEB_DIST ${PROJECT_SOURCE_DIR}/web/dist)
set(man_dir ${PROJECT_BINARY_DIR}/man)

# Installed as /usr/share/vafa/web, where vafa serve looks when there is no
# web/dist in its working folder (../share/vafa/web beside the binary).
# Missing (scripts/build-web not run) is an install error, never a package
# without its UI.
install(DIRECTORY ${VAFA_WEB_DIST}/ DESTINATION share/vafa/web)

# Man pages: vafa(1) and one per command, from the built binary's --help.
set(VAFA_MAN_COMMANDS serve migrate demo import analyze backup restore user)
install(CODE "
  find_program(help2man help2man)
  if(NOT help2man)
    message(FATAL_ERROR \"help2man is missing (scripts/install-deps installs it)\")
  endif()
  file(MAKE_DIRECTORY ${man_dir})
  execute_process(COMMAND \${help2man} --no-info --no-discard-stderr
      --name \"customers, purchases and what they tell\"
      --output ${man_dir}/vafa.1 $<TARGET_FILE:vafa>
    COMMAND_ERROR_IS_FATAL ANY)
  foreach(command ${VAFA_MAN_COMMANDS})
    execute_process(COMMAND \${help2man} --no-info --no-discard-stderr
        \"--help-option=\${command} --help\" --name \"vafa \${command}\"
        --output ${man_dir}/vafa-\${command}.1 $<TARGET_FILE:vafa>
      COMMAND_ERROR_IS_FATAL ANY)
  endforeach()
  execute_process(COMMAND gzip -9nf ${man_dir}/vafa.1
    COMMAND_ERROR_IS_FATAL ANY)
  foreach(command ${VAFA_MAN_COMMANDS})
    execute_process(COMMAND gzip -9nf ${man_dir}/vafa-\${command}.1
      COMMAND_ERROR_IS_FATAL ANY)
  endforeach()
")
install(DIRECTORY ${man_dir}/ DESTINATION share/man/man1
        FILES_MATCHING PATTERN "*.1.gz")

install(FILES ${PROJECT_SOURCE_DIR}/packaging/vafa.conf
        DESTINATION /etc/vafa)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/vafa.service
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/docs/install.md
        DESTINATION share/doc/vafa)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vafa)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_CONTACT "vafa maintainers <vafa@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "CRM with customer analytics: customers, purchases and what they tell")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "postgresql, nginx | caddy")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles
    ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
    ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
    ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
include(CPack)
