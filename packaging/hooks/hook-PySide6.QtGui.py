# PyInstaller hook for PySide6.QtGui that replaces the stock one (hooks in a spec's
# `hookspath` take priority) to collect only the Qt plugins the kiosk uses.
#
# The stock hook collects every plugin QtGui has (platform themes, input plugins,
# EGL device integrations, ...), and PyInstaller then bundles every library those
# plugins link to (the GTK stack, QtNetwork, ...). Dropping plugins after the
# Analysis would leave those libraries behind, so the choice is made here, before the
# dependency scan. The list itself lives in build.spec (QT_PLUGINS), passed in as
#   hooksconfig={"PySide6.QtGui": {"plugins": QT_PLUGINS}}
from pathlib import Path

from PyInstaller.utils.hooks import get_hook_config, logger
from PyInstaller.utils.hooks.qt import add_qt6_dependencies

hiddenimports, _all_binaries, datas = add_qt6_dependencies(__file__)


def _plugin_name(file_name):
    """'libqxcb.so' / 'qxcb.dll' / 'libqcocoa.dylib' -> 'qxcb' / 'qxcb' / 'qcocoa'."""
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def _wanted(source, dest_dir, plugins):
    """Keep a binary unless it is a Qt plugin that `plugins` does not list."""
    parts = Path(dest_dir).parts
    if "plugins" not in parts:
        return True  # not a plugin (the QtGui library itself and the like)
    plugin_type = "/".join(parts[parts.index("plugins") + 1:])
    names = plugins.get(plugin_type)
    if names is None:
        return False  # a plugin type the kiosk does not use at all
    return names == "*" or _plugin_name(Path(source).name) in names


def hook(hook_api):
    plugins = get_hook_config(hook_api, "PySide6.QtGui", "plugins")
    if plugins is None:  # no list given: behave like the stock hook
        hook_api.add_binaries(_all_binaries)
        return
    kept = [(source, dest) for source, dest in _all_binaries if _wanted(source, dest, plugins)]
    dropped = sorted(Path(source).name for source, dest in _all_binaries
                     if (source, dest) not in kept)
    logger.info("kiosk: collecting %d QtGui binaries, leaving out %d Qt plugins: %s",
                len(kept), len(dropped), ", ".join(dropped))
    hook_api.add_binaries(kept)
