# tests.cmake — spec examples and golden CLI tests (included by
# tests/CMakeLists.txt). Nothing here reads ../shared: the cases are
# self-contained data files under tests/spec and tests/golden.

set(FIN_SPECTEST_ENV "LC_ALL=C;TZ=UTC")

# ---- spec: article text -> expected money mentions, through the library ----
add_executable(spec_runner ${CMAKE_CURRENT_SOURCE_DIR}/spec/spec_runner.c)
target_compile_options(spec_runner PRIVATE ${FIN_WARN})
target_compile_definitions(spec_runner PRIVATE _POSIX_C_SOURCE=200809L)
target_link_libraries(spec_runner PRIVATE finfig_core)

file(GLOB FIN_SPEC_FILES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/spec/*.spec)
foreach(spec ${FIN_SPEC_FILES})
  get_filename_component(name ${spec} NAME_WE)
  add_test(NAME spec.${name} COMMAND spec_runner ${spec})
  set_tests_properties(spec.${name} PROPERTIES LABELS spec
                       ENVIRONMENT "${FIN_SPECTEST_ENV}" TIMEOUT 30)
endforeach()

# ---- golden: whole-CLI cases, stdout compared byte for byte ----
find_program(FIN_BASH bash)
if(FIN_BASH)
  set(FIN_GOLDEN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/golden)
  file(GLOB FIN_GOLDEN_CASES CONFIGURE_DEPENDS ${FIN_GOLDEN_DIR}/cases/*.args)
  foreach(args ${FIN_GOLDEN_CASES})
    get_filename_component(name ${args} NAME_WE)
    add_test(NAME golden.${name}
             COMMAND ${FIN_BASH} ${FIN_GOLDEN_DIR}/run.sh $<TARGET_FILE:finfig> ${name}
             WORKING_DIRECTORY ${FIN_GOLDEN_DIR})
    set_tests_properties(golden.${name} PROPERTIES LABELS golden
                         ENVIRONMENT "${FIN_SPECTEST_ENV}" TIMEOUT 60)
  endforeach()
  # Behaviours that are not "one command, one stdout": run, EPIPE, --jobs.
  foreach(check run pipe jobs)
    add_test(NAME golden.cli-${check}
             COMMAND ${FIN_BASH} ${FIN_GOLDEN_DIR}/cli.sh $<TARGET_FILE:finfig> ${check}
             WORKING_DIRECTORY ${FIN_GOLDEN_DIR})
    set_tests_properties(golden.cli-${check} PROPERTIES LABELS golden
                         ENVIRONMENT "${FIN_SPECTEST_ENV}" TIMEOUT 60)
  endforeach()
endif()
