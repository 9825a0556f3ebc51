# WEFT_SANITIZE=address,undefined or thread: instrument everything we build.
# The fiber switches are annotated for ASan/TSan in sim/fiber.cpp.
if(WEFT_SANITIZE)
  add_compile_options(-fsanitize=${WEFT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${WEFT_SANITIZE})
endif()
