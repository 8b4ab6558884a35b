# FindLibUnistring — GNU libunistring (NFKC and Unicode properties for the
# My Number screen) ships no pkg-config file and no CMake package config.
# Defines the imported target LibUnistring::unistring.
find_path(LibUnistring_INCLUDE_DIR uninorm.h)
find_library(LibUnistring_LIBRARY NAMES unistring libunistring)
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibUnistring
  REQUIRED_VARS LibUnistring_LIBRARY LibUnistring_INCLUDE_DIR)
if(LibUnistring_FOUND AND NOT TARGET LibUnistring::unistring)
  add_library(LibUnistring::unistring UNKNOWN IMPORTED)
  set_target_properties(LibUnistring::unistring PROPERTIES
    IMPORTED_LOCATION "${LibUnistring_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibUnistring_INCLUDE_DIR}")
endif()
mark_as_advanced(LibUnistring_INCLUDE_DIR LibUnistring_LIBRARY)
