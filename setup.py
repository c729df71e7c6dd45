"""The one build step pyproject.toml cannot declare: compiled translations in the wheel.

A server then needs neither GNU gettext nor `compilemessages`, which compiles every
locale folder below the current directory (a virtual environment's libraries included)
and would have to write into site-packages.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithCatalogues(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the source tree: `make messages` compiles it
        import polib

        for catalogue in Path(self.build_lib, "twinning").rglob("*.po"):
            polib.pofile(str(catalogue)).save_as_mofile(str(catalogue.with_suffix(".mo")))


setup(cmdclass={"build_py": BuildPyWithCatalogues})
