# WEFT_FUZZ=ON: everything we build gets libFuzzer's coverage instrumentation (without its main)
# plus ASan and UBSan, every UBSan report fatal, so a finding stops the fuzzer with an artifact.
# The fuzz targets themselves link -fsanitize=fuzzer (fuzz/CMakeLists.txt). Clang only.
if(WEFT_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "WEFT_FUZZ needs clang (libFuzzer); configure with -DCMAKE_CXX_COMPILER=clang++")
  endif()
  if(WEFT_SANITIZE)
    message(FATAL_ERROR "WEFT_FUZZ brings its own sanitizers (address,undefined); leave WEFT_SANITIZE empty")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
endif()
