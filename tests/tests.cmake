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
  # Behaviours that are not "one command, one stdout": run, EPIPE, --jobs,
  # the config file.
  foreach(check run pipe jobs config)
    add_test(NAME golden.cli-${check}
             COMMAND ${FIN_BASH} ${FIN_GOLDEN_DIR}/cli.sh $<TARGET_FILE:finfig> ${check}
             WORKING_DIRECTORY ${FIN_GOLDEN_DIR})
    set_tests_properties(golden.cli-${check} PROPERTIES LABELS golden
                         ENVIRONMENT "${FIN_SPECTEST_ENV}" TIMEOUT 60)
  endforeach()
endif()

# ---- fuzz: corpus replay under any compiler; libFuzzer targets with FINFIG_FUZZ ----
# Each tests/fuzz/fuzz_<t>.c is linked with replay.c into replay_<t>, which
# replays tests/fuzz/corpus/<t>/ (CTest label "fuzz"); with FINFIG_FUZZ=ON
# (clang) it is also linked with libFuzzer into fuzz_<t>.
set(FIN_FUZZ_DIR ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
set(FIN_FUZZ_TARGETS money date frontmatter json sgml extract stream config)
foreach(t ${FIN_FUZZ_TARGETS})
  foreach(kind replay fuzz)
    if(kind STREQUAL "fuzz" AND NOT FINFIG_FUZZ)
      continue()
    endif()
    set(exe ${kind}_${t})
    if(kind STREQUAL "replay")
      add_executable(${exe} ${FIN_FUZZ_DIR}/fuzz_${t}.c ${FIN_FUZZ_DIR}/fuzz_common.c
                     ${FIN_FUZZ_DIR}/replay.c)
    else()
      add_executable(${exe} ${FIN_FUZZ_DIR}/fuzz_${t}.c ${FIN_FUZZ_DIR}/fuzz_common.c)
      target_link_options(${exe} PRIVATE -fsanitize=fuzzer)
    endif()
    target_include_directories(${exe} PRIVATE ${CMAKE_SOURCE_DIR}/src ${FIN_FUZZ_DIR})
    target_compile_options(${exe} PRIVATE ${FIN_WARN})
    target_compile_definitions(${exe} PRIVATE _POSIX_C_SOURCE=200809L)
    target_link_libraries(${exe} PRIVATE finfig_core)
  endforeach()
  add_test(NAME fuzz.${t} COMMAND replay_${t} ${FIN_FUZZ_DIR}/corpus/${t})
  set_tests_properties(fuzz.${t} PROPERTIES LABELS fuzz ENVIRONMENT "${FIN_SPECTEST_ENV}"
                       TIMEOUT 300)
endforeach()

# ---- hostile: the table of hostile inputs (tests/hostile/cases.md) ----
# One test per row (hostile.<case>, label "hostile"), run by hostile.py,
# which generates the input at test time and enforces the row's time limit
# itself; the CTest timeout only backs it up. Status 77: skipped (root
# without setpriv for the chmod 000 case).
find_program(FIN_PYTHON3 python3)
if(FIN_PYTHON3)
  set(FIN_HOSTILE ${CMAKE_CURRENT_SOURCE_DIR}/hostile/hostile.py)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
               ${CMAKE_CURRENT_SOURCE_DIR}/hostile/cases.md ${FIN_HOSTILE})
  execute_process(COMMAND ${FIN_PYTHON3} ${FIN_HOSTILE} --list
                  OUTPUT_VARIABLE FIN_HOSTILE_LIST RESULT_VARIABLE FIN_HOSTILE_RC)
  if(NOT FIN_HOSTILE_RC EQUAL 0)
    message(FATAL_ERROR "tests/hostile/hostile.py --list failed")
  endif()
  string(REPLACE "\n" ";" FIN_HOSTILE_LIST "${FIN_HOSTILE_LIST}")
  foreach(row ${FIN_HOSTILE_LIST})
    if(row MATCHES "^([a-z0-9-]+) ([0-9]+)$")
      set(name ${CMAKE_MATCH_1})
      math(EXPR limit "${CMAKE_MATCH_2} + 60")
      add_test(NAME hostile.${name}
               COMMAND ${FIN_PYTHON3} ${FIN_HOSTILE} --bin $<TARGET_FILE:finfig> ${name})
      set_tests_properties(hostile.${name} PROPERTIES LABELS hostile SKIP_RETURN_CODE 77
                           ENVIRONMENT "${FIN_SPECTEST_ENV}" TIMEOUT ${limit})
    endif()
  endforeach()
endif()

# ---- eval (issue 8): finfig eval fixtures, dev-set figures, rate summary ----
# Owned by the eval work (src/eval.c). eval.cli checks the hand-counted
# fixtures of tests/eval; gold.PART runs extract + eval over the corpus files
# of tests/gold/PART (needs ../shared, else skips) and fails when an F1 drops
# below tests/conformance/RATES; conformance.summary prints every rate in
# one table (and writes it to conformance-rates.txt for scripts/test.sh).
if(FIN_BASH)
  add_test(NAME eval.cli
           COMMAND ${FIN_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/eval/cli.sh $<TARGET_FILE:finfig>
           WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/eval)
  set_tests_properties(eval.cli PROPERTIES LABELS golden
                       ENVIRONMENT "${FIN_SPECTEST_ENV}" TIMEOUT 60)
  set(FIN_EVAL_RATES_DIR ${CMAKE_BINARY_DIR}/conformance)
  foreach(part reuters bbc)
    add_test(NAME gold.${part}
             COMMAND ${FIN_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/eval/gold.sh $<TARGET_FILE:finfig>
                     ${CMAKE_CURRENT_SOURCE_DIR}/gold ${part}
                     ${CMAKE_CURRENT_SOURCE_DIR}/conformance/RATES
                     ${FIN_EVAL_RATES_DIR}/gold-${part}.txt)
    set_tests_properties(gold.${part} PROPERTIES LABELS "gold;conformance"
                         ENVIRONMENT "${FIN_TEST_ENV}" TIMEOUT 300)
  endforeach()
  # The held-out set (tests/gold-test): annotated apart from the dev set and
  # never used for tuning; its figures are reported and only ratchet up.
  foreach(part reuters bbc)
    add_test(NAME heldout.${part}
             COMMAND ${FIN_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/eval/gold.sh $<TARGET_FILE:finfig>
                     ${CMAKE_CURRENT_SOURCE_DIR}/gold-test ${part}
                     ${CMAKE_CURRENT_SOURCE_DIR}/conformance/RATES
                     ${FIN_EVAL_RATES_DIR}/heldout-${part}.txt)
    set_tests_properties(heldout.${part} PROPERTIES LABELS "gold;conformance"
                         ENVIRONMENT "${FIN_TEST_ENV};GOLD_RATE_PREFIX=heldout" TIMEOUT 300)
  endforeach()
  add_test(NAME conformance.summary
           COMMAND ${FIN_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/eval/rates.sh
                   ${CMAKE_CURRENT_SOURCE_DIR}/conformance/RATES ${FIN_EVAL_RATES_DIR}
                   $<TARGET_FILE:test_currency_conformance> $<TARGET_FILE:test_date_conformance>
                   $<TARGET_FILE:spec_runner> ${CMAKE_CURRENT_SOURCE_DIR}/spec
                   ${CMAKE_BINARY_DIR}/conformance-rates.txt)
  set_tests_properties(conformance.summary PROPERTIES LABELS conformance
                       ENVIRONMENT "${FIN_TEST_ENV}" TIMEOUT 120
                       DEPENDS "gold.reuters;gold.bbc;unit.test_currency_conformance;unit.test_date_conformance")
endif()
# ---- end of the eval section ----

# ---- aggregate (issue 4): the merge law at scale ----
# Splits ../shared/corpora/bbc-all.jsonl in 2, 3 and 7 parts, extracts and
# reduces the parts to states with GNU parallel (files, --pipe, and record
# lines cut anywhere), merges, and compares with the single run, byte for
# byte, counting events and mentions. Skipped (77) without the corpus or
# without `parallel`.
if(FIN_BASH)
  add_test(NAME scale.merge-law
           COMMAND ${FIN_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/scale/merge-law.sh $<TARGET_FILE:finfig>)
  set_tests_properties(scale.merge-law PROPERTIES LABELS scale ENVIRONMENT "${FIN_TEST_ENV}"
                       SKIP_RETURN_CODE 77 TIMEOUT 900)
endif()

# ---- plot (issue 5): charts and report, whole CLI ----
# tests/golden/plot.sh: the .dat/.gp files of fixed records against
# tests/golden/plot/expected, hostile names through gnuplot and the HTML
# report, no gnuplot, a failing and a hanging template, a summary as input,
# and the charts of finfig run. Image checks are skipped when gnuplot is
# not installed (the script says so).
if(FIN_BASH)
  foreach(check golden hostile nognuplot fail summary run)
    add_test(NAME plot.${check}
             COMMAND ${FIN_BASH} ${CMAKE_CURRENT_SOURCE_DIR}/golden/plot.sh $<TARGET_FILE:finfig> ${check}
             WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/golden)
    set_tests_properties(plot.${check} PROPERTIES LABELS golden ENVIRONMENT "${FIN_SPECTEST_ENV}"
                         TIMEOUT 120)
  endforeach()
endif()
# ---- end of the plot section ----
