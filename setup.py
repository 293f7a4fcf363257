"""Build hook: the wheel carries a copy of ``ontology/`` as ``kg/ontology``.

``ontology/`` stays at the top of the source tree (the source of truth that users and
tools read); :func:`kg.resources.ontology_dir` finds it there in a checkout and finds
the packaged copy in an installed wheel. Everything else is declared in setup.cfg.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildPyWithOntology(build_py):
    """``build_py`` that also copies ``ontology/*.ttl`` into the built ``kg`` package."""

    def run(self):
        super().run()
        target = Path(self.build_lib) / "kg" / "ontology"
        target.mkdir(parents=True, exist_ok=True)
        for source in sorted((ROOT / "ontology").glob("*.ttl")):
            shutil.copyfile(source, target / source.name)


setup(cmdclass={"build_py": BuildPyWithOntology})
