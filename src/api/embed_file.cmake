# Writes OUTPUT: a C++ file defining `const char <SYMBOL>[]` with the bytes
# of INPUT, so the binary carries the file. Run at build time.
file(READ ${INPUT} text)
set(body "// Generated from ${INPUT}. Do not edit.\nextern const char ${SYMBOL}[];\nconst char ${SYMBOL}[] = R\"vafa_embedded(${text})vafa_embedded\";\n")
file(WRITE ${OUTPUT}.tmp "${body}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
