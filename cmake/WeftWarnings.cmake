# weft_warnings(target): the project's warning set, applied to every target we build.
function(weft_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  # GCC 12's flow-based warnings report false positives inside libstdc++ (<regex>, std::variant,
  # std::string's memcpy) once the code is instrumented, more so at the sanitized builds' -O1
  # (WeftSanitizers.cmake). The plain build compiles the same code at -O2 and keeps them.
  if(WEFT_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wno-maybe-uninitialized -Wno-array-bounds -Wno-stringop-overflow)
  endif()
endfunction()
