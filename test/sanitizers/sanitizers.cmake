# Run-time settings of the AddressSanitizer/UndefinedBehaviorSanitizer build
# (-DDTWIN_SANITIZE=ON), put on every test by test/CMakeLists.txt. Child processes (dtwin run
# by the CLI tests, sweep workers, the shipped scenarios) inherit them.
#
# exitcode=86: a report must never look like one of dtwin's own exit codes (1 bad input,
# 2 internal, 3 objective violated), or a test expecting exit code 1 would pass on a report.
# lsan.supp covers leaks inside uninstrumented system libraries only (see each entry). UBSan
# has no suppression file: with -fno-sanitize-recover=all its runtime ignores suppressions, and
# undefined behaviour is only seen in instrumented code: the project's own and the header code
# it instantiates, which is fixed by changing the project's code.
# malloc_context_size=2: the Debian ns-3 libraries have no frame pointers, so deeper allocation
# stacks are garbage that floods ASan's stack depot (simulations 6x slower, 2 GB).
# quarantine_size_mb=4 (default 256): a freed block stays poisoned until 4 MB more have been
# freed. The default's cold quarantine made every packet allocation a cache miss (simulations
# 1.5x slower, 677 MB instead of 161 MB per process); a use long after the free can be missed.
# strict_string_checks is off: libyang's correct strndup of unterminated values trips it.

set(dt_sanitizer_dir "${CMAKE_CURRENT_LIST_DIR}")
set(dt_sanitizer_env
    "ASAN_OPTIONS=halt_on_error=1:abort_on_error=0:exitcode=86:detect_leaks=1:check_initialization_order=1:strict_init_order=1:detect_stack_use_after_return=1:malloc_context_size=2:quarantine_size_mb=4"
    "LSAN_OPTIONS=suppressions=${dt_sanitizer_dir}/lsan.supp:print_suppressions=0"
    "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=86"
)

# Tests added with add_test (examples, shipped scenarios, style) exist now.
get_property(dt_sanitized_tests DIRECTORY PROPERTY TESTS)
if(dt_sanitized_tests)
    set_tests_properties(${dt_sanitized_tests} PROPERTIES ENVIRONMENT "${dt_sanitizer_env}")
endif()

# GoogleTest cases are discovered after the build, into ctest include files that define
# <target>_TESTS; one more include file, read after them, sets the environment on those.
set(dt_sanitizer_include "${CMAKE_CURRENT_BINARY_DIR}/sanitizer-environment.cmake")
set(dt_sanitizer_text "# Generated from test/sanitizers/sanitizers.cmake.\n")
get_property(dt_sanitized_targets DIRECTORY PROPERTY BUILDSYSTEM_TARGETS)
foreach(target ${dt_sanitized_targets})
    if(target MATCHES "^test-")
        string(APPEND dt_sanitizer_text
               "if(DEFINED ${target}_TESTS)\n"
               "    set_tests_properties(\${${target}_TESTS} PROPERTIES ENVIRONMENT\n"
               "        \"${dt_sanitizer_env}\")\n"
               "endif()\n")
    endif()
endforeach()
file(WRITE "${dt_sanitizer_include}" "${dt_sanitizer_text}")
set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES "${dt_sanitizer_include}")
