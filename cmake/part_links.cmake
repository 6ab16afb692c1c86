# A library or program of one selected part (VAFA_PARTS) that links a vafa_
# library which no selected part builds is a configure error naming the part
# to add, rather than a link error after minutes of compiling (CMake takes an
# unknown name for a system library). Called once every part is added.

# The part (folder under src/) whose CMakeLists.txt files define `library`,
# or "?" when none does.
function(vafa_part_defining library out)
  foreach(part ${VAFA_ALL_PARTS})
    file(GLOB_RECURSE lists ${PROJECT_SOURCE_DIR}/src/${part}/CMakeLists.txt)
    foreach(list ${lists})
      file(READ ${list} text)
      if(text MATCHES "add_(library|executable)\\([ \t\n]*${library}[ \t\n)]")
        set(${out} ${part} PARENT_SCOPE)
        return()
      endif()
    endforeach()
  endforeach()
  set(${out} "?" PARENT_SCOPE)
endfunction()

function(vafa_check_part_links dir)
  get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
  foreach(target ${targets})
    get_target_property(links ${target} LINK_LIBRARIES)
    if(NOT links)
      continue()
    endif()
    foreach(library ${links})
      if(library MATCHES "^vafa_" AND NOT TARGET ${library})
        vafa_part_defining(${library} part)
        file(RELATIVE_PATH where ${PROJECT_SOURCE_DIR} ${dir})
        message(FATAL_ERROR
          "${target} (${where}) links ${library}, which no selected part "
          "builds: add '${part}' to VAFA_PARTS (now '${VAFA_PARTS}')")
      endif()
    endforeach()
  endforeach()
  get_property(subdirs DIRECTORY ${dir} PROPERTY SUBDIRECTORIES)
  foreach(subdir ${subdirs})
    vafa_check_part_links(${subdir})
  endforeach()
endfunction()
