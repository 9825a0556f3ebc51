# WEFT_SANITIZE=address,undefined or thread: instrument everything we build.
# The fiber switches are annotated for ASan/TSan in sim/fiber.cpp.
if(WEFT_SANITIZE)
  add_compile_options(-fsanitize=${WEFT_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${WEFT_SANITIZE})
  # A sanitized build is there to run the suite under the checkers. At -O1 with line tables only
  # (-g1) its objects compile about twice as fast as at RelWithDebInfo's -O2 -g (one test file
  # under address,undefined: 147 s against 70 s), and a report still names file and line. The
  # README's test command builds two such trees, most of what it compiles. Other build types
  # keep their own flags.
  add_compile_options($<$<CONFIG:RelWithDebInfo>:-O1> $<$<CONFIG:RelWithDebInfo>:-g1>)
  # The engine's own cross-checks (a cached answer against the one it stands for) run in
  # sanitizer builds, so the suite exercises them at every step there.
  add_compile_definitions(WEFT_CHECK_INVARIANTS)
endif()
