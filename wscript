# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# Build of the digital-twin module inside a waf-based ns-3 tree (ns-3.35 and older, with
# C++17 enabled). The file lists are read from CMakeLists.txt so they live in one place.

import os
import re


def _cmake_lists():
    """Return {variable: [items]} for every set(dt_... ) list in CMakeLists.txt."""
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, 'CMakeLists.txt')) as f:
        text = f.read()
    lists = {}
    for name, body in re.findall(r'set\((dt_\w+)\s+([^)]*)\)', text):
        lists[name] = [item for item in body.split() if not item.startswith('"')]
    return lists


def configure(conf):
    conf.check_cfg(package='libyang', atleast_version='2.0.0', args=['--cflags', '--libs'],
                   uselib_store='LIBYANG', mandatory=True)
    conf.check_cfg(package='libpcap', args=['--cflags', '--libs'],
                   uselib_store='LIBPCAP', mandatory=True)
    conf.check_cfg(package='libnetconf2', atleast_version='2.0.0', args=['--cflags', '--libs'],
                   uselib_store='LIBNETCONF2', mandatory=True)
    conf.check_cfg(package='libssh', args=['--cflags', '--libs'],
                   uselib_store='LIBSSH', mandatory=True)
    conf.check_cfg(package='sqlite3', args=['--cflags', '--libs'],
                   uselib_store='SQLITE3', mandatory=True)
    conf.check_cfg(package='libcrypto', args=['--cflags', '--libs'],
                   uselib_store='CRYPTO', mandatory=True)
    here = conf.path.abspath()
    dirs = [os.path.join(here, 'yang'), '/usr/share/yuma/nmda-modules/ietf',
            '/usr/share/yuma/modules/ietf']
    conf.env.append_value('DEFINES', 'DTWIN_YANG_PATH="%s"' % ':'.join(dirs))


def build(bld):
    lists = _cmake_lists()
    module = bld.create_ns3_module('digital-twin', ['core', 'network', 'internet',
                                                    'point-to-point', 'traffic-control',
                                                    'flow-monitor', 'applications'])
    module.source = (lists['dt_model_sources'] + lists['dt_store_sources'] +
                     lists['dt_importer_sources'] + lists['dt_helper_sources'])
    module.use = ['LIBYANG', 'LIBPCAP', 'LIBNETCONF2', 'LIBSSH', 'SQLITE3', 'CRYPTO']
    headers = bld(features='ns3header')
    headers.module = 'digital-twin'
    headers.source = lists['dt_headers']
    if bld.env.ENABLE_EXAMPLES:
        for example in lists['dt_examples']:
            program = bld.create_ns3_program(example, ['digital-twin'])
            program.source = 'examples/%s.cc' % example
