# weft_warnings(target): the project's warning set, applied to every target we build.
function(weft_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
endfunction()
