# Where `cmake --install` puts sipdiag.so, the `uninstall` target, and the
# ready profile's `install-profile` target.
#
# The folder is worked out again at every configure from the options, so the
# order in which a build folder was configured (with or without
# SIPDIAG_INSTALL_SYSTEM, as a user or as root) never leaves a stale default
# in the cache:
#   SIPDIAG_PLUGIN_INSTALL_DIR set  -> that folder
#   SIPDIAG_INSTALL_SYSTEM=ON, or configured by root
#                                   -> Wireshark's system plugin folder
#   otherwise                       -> the personal folder of the user who configures
# (Wireshark running as root ignores personal plugins, hence root's default.)

option(SIPDIAG_INSTALL_SYSTEM
       "Install into Wireshark's system-wide plugin folder instead of your personal one (root always gets it)" OFF)
set(SIPDIAG_PLUGIN_INSTALL_DIR "" CACHE PATH
    "Where cmake --install puts sipdiag.so (empty: the system or personal plugin folder, see README)")

# Wireshark's plugin folders end in <major>.<minor>; the system one may or may not include it.
string(REGEX REPLACE "/${WS_VERSION_MAJOR_MINOR}/?$" "" WS_SYSTEM_PLUGIN_ROOT "${WS_SYSTEM_PLUGIN_DIR}")
set(WS_SYSTEM_EPAN_DIR "${WS_SYSTEM_PLUGIN_ROOT}/${WS_VERSION_MAJOR_MINOR}/epan")
set(WS_PERSONAL_EPAN_DIR "$ENV{HOME}/.local/lib/wireshark/plugins/${WS_VERSION_MAJOR_MINOR}/epan")

execute_process(COMMAND id -u OUTPUT_VARIABLE _sipdiag_uid OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT SIPDIAG_PLUGIN_INSTALL_DIR STREQUAL "")
  set(SIPDIAG_INSTALL_DIR "${SIPDIAG_PLUGIN_INSTALL_DIR}")
  set(_sipdiag_other_dir "")
elseif(SIPDIAG_INSTALL_SYSTEM OR _sipdiag_uid STREQUAL "0")
  set(SIPDIAG_INSTALL_DIR "${WS_SYSTEM_EPAN_DIR}")
  set(_sipdiag_other_dir "")
else()
  set(SIPDIAG_INSTALL_DIR "${WS_PERSONAL_EPAN_DIR}")
  set(_sipdiag_other_dir "${WS_SYSTEM_EPAN_DIR}")
endif()
message(STATUS "sipdiag: cmake --install puts sipdiag.so in ${SIPDIAG_INSTALL_DIR}")

install(TARGETS sipdiag LIBRARY DESTINATION "${SIPDIAG_INSTALL_DIR}")
# A personal copy next to a system one makes Wireshark warn "found in multiple
# directories" and load the system one: say so when installing.
if(_sipdiag_other_dir)
  install(CODE "
    if(EXISTS \"${_sipdiag_other_dir}/sipdiag.so\")
      message(WARNING \"${_sipdiag_other_dir}/sipdiag.so exists too: Wireshark loads that copy, \"
                      \"not this one, and warns that sipdiag.so was found in multiple directories. \"
                      \"Remove one of them (sudo rm ${_sipdiag_other_dir}/sipdiag.so).\")
    endif()")
endif()

# The profile: its files, as shipped, go to the user's Wireshark profiles
# (HOME is read when the target runs, as Wireshark reads it).
set(SIPDIAG_PROFILE_SOURCE "${PROJECT_SOURCE_DIR}/data/profile/sipdiag")
file(GLOB SIPDIAG_PROFILE_FILES RELATIVE "${SIPDIAG_PROFILE_SOURCE}" "${SIPDIAG_PROFILE_SOURCE}/*")
configure_file("${CMAKE_CURRENT_LIST_DIR}/install-profile.cmake.in"
               "${PROJECT_BINARY_DIR}/install-profile.cmake" @ONLY)
add_custom_target(install-profile COMMAND "${CMAKE_COMMAND}" -P "${PROJECT_BINARY_DIR}/install-profile.cmake")

# uninstall: the plugin (under DESTDIR, read when it runs, as cmake --install
# does) and the profile; it prints what it removed, and nothing else.
configure_file("${CMAKE_CURRENT_LIST_DIR}/uninstall.cmake.in"
               "${PROJECT_BINARY_DIR}/uninstall.cmake" @ONLY)
add_custom_target(uninstall COMMAND "${CMAKE_COMMAND}" -P "${PROJECT_BINARY_DIR}/uninstall.cmake")
