# SPDX-License-Identifier: GPL-2.0-only
#
# pfhooks_add_solaris_module(<name> <source>...)
#
# Builds Solaris/illumos kernel module sources, unchanged, as <name>.so, a
# shared object the simulated kernel loads (dlopen) into a simulation.
#
#  - compiled as C (gnu11: unprototyped cb_ops entry points and nodev/nulldev
#    as illumos declares them, glibc's BSD names), with _KERNEL;
#  - the Solaris header tree first on the include path, then the pfhooks
#    headers (as ns3/<name>.h);
#  - _init, _fini and _info renamed to pfhooks_module_init/_fini/_info:
#    on Linux, crti.o owns _init and _fini, and the dynamic loader would call
#    them itself; the simulated kernel looks the new names up instead;
#  - linked to the pfhooks library, which supplies the kernel's symbols (no
#    --no-undefined: that is where they resolve).
#
# Variables read when the function is called:
#   PFHOOKS_SOLARIS_INCLUDE_DIR  the Solaris header tree (default: this
#                                source tree's model/solaris/include)
#   PFHOOKS_INCLUDE_DIR          the directory holding ns3/pfhooks-*.h
#                                (default: PFHOOKS_INCLUDE_ROOT if set, else
#                                whatever the pfhooks target exports)
#   PFHOOKS_SOLARIS_LINK_TARGET  the library to link (default: pfhooks::pfhooks,
#                                else pfhooks)
#
# In this project: set(PFHOOKS_SOLARIS_INCLUDE_DIR ...model/solaris/include)
# then include(cmake/pfhooks-solaris.cmake).  After find_package(pfhooks),
# pfhooksConfig.cmake sets the variable to the installed tree
# (<prefix>/include/pfhooks/solaris), or from a build tree to the source
# tree's model/solaris/include, and includes this file.

# Captured here: inside the function CMAKE_CURRENT_LIST_DIR is the caller's.
set(_PFHOOKS_SOLARIS_LIST_DIR "${CMAKE_CURRENT_LIST_DIR}")

# The modules are C; a C++-only project gets C enabled (file scope only).
get_property(_pfhooks_languages GLOBAL PROPERTY ENABLED_LANGUAGES)
if(NOT "C" IN_LIST _pfhooks_languages)
  enable_language(C)
endif()
unset(_pfhooks_languages)

function(pfhooks_add_solaris_module name)
  if(NOT ARGN)
    message(FATAL_ERROR "pfhooks_add_solaris_module(${name}): no source files")
  endif()

  if(PFHOOKS_SOLARIS_INCLUDE_DIR)
    set(solaris_include "${PFHOOKS_SOLARIS_INCLUDE_DIR}")
  elseif(EXISTS "${_PFHOOKS_SOLARIS_LIST_DIR}/../model/solaris/include/sys/neti.h")
    get_filename_component(solaris_include
                           "${_PFHOOKS_SOLARIS_LIST_DIR}/../model/solaris/include" ABSOLUTE)
  else()
    message(FATAL_ERROR "pfhooks_add_solaris_module(${name}): set PFHOOKS_SOLARIS_INCLUDE_DIR "
                        "to the Solaris header tree (include/pfhooks/solaris when installed)")
  endif()

  if(PFHOOKS_INCLUDE_DIR)
    set(pfhooks_include "${PFHOOKS_INCLUDE_DIR}")
  elseif(PFHOOKS_INCLUDE_ROOT)
    set(pfhooks_include "${PFHOOKS_INCLUDE_ROOT}")
  else()
    set(pfhooks_include "")
  endif()

  if(PFHOOKS_SOLARIS_LINK_TARGET)
    set(kernel_target "${PFHOOKS_SOLARIS_LINK_TARGET}")
  elseif(TARGET pfhooks::pfhooks)
    set(kernel_target pfhooks::pfhooks)
  elseif(TARGET pfhooks)
    set(kernel_target pfhooks)
  else()
    message(FATAL_ERROR "pfhooks_add_solaris_module(${name}): no pfhooks target "
                        "(find_package(pfhooks) first, or set PFHOOKS_SOLARIS_LINK_TARGET)")
  endif()

  add_library(${name} MODULE ${ARGN})
  set_source_files_properties(${ARGN} PROPERTIES LANGUAGE C)
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    LINKER_LANGUAGE C
    C_STANDARD 11
    C_STANDARD_REQUIRED ON
    C_EXTENSIONS ON)
  target_compile_definitions(${name} PRIVATE
    _KERNEL
    _init=pfhooks_module_init
    _fini=pfhooks_module_fini
    _info=pfhooks_module_info)
  # BEFORE: the Solaris tree must shadow <sys/types.h>, <netinet/in.h>, ...
  # ahead of any directory a linked target brings.
  target_include_directories(${name} BEFORE PRIVATE "${solaris_include}" ${pfhooks_include})
  # No sibling calls: the kernel tells a module's calls by their return address.
  # A static variable the module never writes stays a variable (gcc would
  # fold it into its readers): tunables set it before _init by its symbol.
  # illumos code warns under gcc: never an error, even in a -Werror build
  # (ns-3's debug profile).
  target_compile_options(${name} PRIVATE -fPIC -fno-strict-aliasing -fno-optimize-sibling-calls
                                         -fno-ipa-reference-addressable -Wall -Wno-error)
  target_link_libraries(${name} PRIVATE ${kernel_target})
endfunction()
