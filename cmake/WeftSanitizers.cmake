# WEFT_SANITIZE=address,undefined or thread: instrument everything we build.
# The fiber switches are annotated for ASan/TSan in sim/fiber.cpp.
if(WEFT_SANITIZE)
  add_compile_options(-fsanitize=${WEFT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${WEFT_SANITIZE})
  # The engine's own cross-checks (a cached answer against the one it stands for) run in
  # sanitizer builds, so the suite exercises them at every step there.
  add_compile_definitions(WEFT_CHECK_INVARIANTS)
endif()
