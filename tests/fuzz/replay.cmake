# replay.cmake — the fuzz targets in the normal test suite, with any
# compiler and no libFuzzer: each target is linked with replay_main.c into
# replay_<target>, and ctest replays its seed corpus and every kept crasher
# (tests/fuzz/corpus/<target>/, tests/fuzz/regressions/<target>/).
# Included from tests/CMakeLists.txt (after MYNAFORM_TEST_ENV is set);
# tests/fuzz/CMakeLists.txt builds the libFuzzer versions (MYNAFORM_FUZZ).

set(MYNAFORM_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
set(MYNAFORM_FUZZ_TARGETS record template typeset csv jsonl render cache date serve card)

# mynaform_fuzz_link(TARGET NAME): what fuzz target NAME needs besides its
# source file; the library sources come from LIB (an object library).
function(mynaform_fuzz_link target name lib)
  target_compile_definitions(${target} PRIVATE
    MYNAFORM_FUZZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  if(name STREQUAL "csv" OR name STREQUAL "jsonl")
    # the CSV and JSON Lines readers of the batch engine (src/input/),
    # part of the library
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/src/input)
    target_link_libraries(${target} PRIVATE ${lib})
  elseif(name STREQUAL "serve")
    # the service's router and route table (service/), without
    # libmicrohttpd: the target stubs the handlers; the library for the
    # 番号法 oracle
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/service/router.c
                                     ${PROJECT_SOURCE_DIR}/service/routes.c)
    target_include_directories(${target} PRIVATE
      ${PROJECT_SOURCE_DIR}/service ${PROJECT_SOURCE_DIR}/include)
    target_link_libraries(${target} PRIVATE ${lib})
  elseif(name STREQUAL "card")
    # the card module (src/card/) and the in-process fake card
    target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/card/fake_card.c)
    target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/card)
    target_link_libraries(${target} PRIVATE ${lib})
  else()
    target_link_libraries(${target} PRIVATE ${lib})
  endif()
endfunction()

foreach(name ${MYNAFORM_FUZZ_TARGETS})
  add_executable(replay_${name} ${MYNAFORM_FUZZ_DIR}/replay_main.c
                                ${MYNAFORM_FUZZ_DIR}/fuzz_${name}.c)
  mynaform_warnings(replay_${name})
  mynaform_fuzz_link(replay_${name} ${name} mynaform_obj)
  add_test(NAME fuzz_replay_${name}
           COMMAND replay_${name} ${MYNAFORM_FUZZ_DIR}/corpus/${name}
                                  ${MYNAFORM_FUZZ_DIR}/regressions/${name})
  set_tests_properties(fuzz_replay_${name} PROPERTIES
    ENVIRONMENT "${MYNAFORM_TEST_ENV}" LABELS fuzz)
endforeach()
