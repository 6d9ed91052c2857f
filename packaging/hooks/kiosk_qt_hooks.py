"""Qt hooks that collect only the Qt plugins the kiosk uses (helper for the hook-*.py files
beside it; build.spec puts this folder on sys.path and in `hookspath`).

PyInstaller's stock hook for a Qt module collects every plugin of the types that module
owns (QtGui: platforms, platform themes, input, image formats, ...), and then bundles every
library those plugins link to (the GTK stack, QtNetwork, QtQuick, FFmpeg, ...). Dropping
plugins after the Analysis would leave those libraries behind, so the choice is made here,
before the dependency scan. The choice itself lives in build.spec (QT_PLUGINS), passed in as
    hooksconfig={"PySide6": {"plugins": QT_PLUGINS}}
"""

from pathlib import Path

from PyInstaller.utils.hooks import get_hook_config, logger
from PyInstaller.utils.hooks.qt import add_qt6_dependencies


def plugin_name(file_name):
    """'libqxcb.so' / 'qxcb.dll' / 'libqcocoa.dylib' -> 'qxcb'."""
    stem = file_name.split(".")[0]
    return stem[3:] if stem.startswith("lib") else stem


def wanted(source, dest_dir, plugins):
    """Keep a binary unless it is a Qt plugin that `plugins` does not list."""
    parts = Path(dest_dir).parts
    if "plugins" not in parts:
        return True  # the Qt module's own library and the like
    plugin_type = "/".join(parts[parts.index("plugins") + 1:])
    names = plugins.get(plugin_type)
    if names is None:
        return False  # a plugin type the kiosk does not use at all
    return names == "*" or plugin_name(Path(source).name) in names


def qt_hook(hook_file, drop_imports=()):
    """What a hook-PySide6.<Module>.py file needs: (hiddenimports, datas, hook)."""
    hiddenimports, all_binaries, datas = add_qt6_dependencies(hook_file)
    hiddenimports = [name for name in hiddenimports if name not in drop_imports]
    module = Path(hook_file).stem.removeprefix("hook-")

    def hook(hook_api):
        plugins = get_hook_config(hook_api, "PySide6", "plugins")
        if plugins is None:  # no list given: behave like the stock hook
            hook_api.add_binaries(all_binaries)
            return
        kept = [(source, dest) for source, dest in all_binaries if wanted(source, dest, plugins)]
        dropped = sorted(Path(source).name for source, dest in all_binaries if (source, dest) not in kept)
        if dropped:
            logger.info("kiosk: %s: leaving out %d Qt plugins: %s", module, len(dropped), ", ".join(dropped))
        hook_api.add_binaries(kept)

    return hiddenimports, datas, hook
