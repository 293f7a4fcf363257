"""The built wheel works on its own: ``pip install`` (not editable) into a fresh venv, then ``kg run``.

The wheel is built from a copy of the source tree (the build writes ``build/`` and
``*.egg-info`` where it runs), installed with ``--no-deps`` into a venv made in
``tmp_path``; the dependencies are read from the project's venv through a ``.pth``
line (a plain path entry: the project's editable install is not activated), so that
``kg`` itself can only come from the wheel. Slow (a build and a run of two plans):
about a minute.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("kg", "ontology", "setup.cfg", "setup.py", "pyproject.toml", "README.md")
DOCS = ("000_437e3f8e08c71f6e.txt", "003_806b7ce717d61b69.txt")


def _run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, args))}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_wheel_installs_and_runs_the_pipeline(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for name in SOURCES:
        if not (ROOT / name).exists():
            continue
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy2)(
            ROOT / name, src / name, **({"ignore": shutil.ignore_patterns("__pycache__")} if (ROOT / name).is_dir() else {}))
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(src)],
         cwd=tmp_path)
    (wheel,) = wheels.glob("kg_policy-*.whl")

    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for ttl in ("policy.ttl", "shapes.ttl", "department-types.ttl", "jurisdiction-words.ttl", "indicators.ttl"):
        assert f"kg/ontology/{ttl}" in names
    assert any(n.startswith("kg/queries/") for n in names)
    assert any(n.startswith("kg/report/templates/") for n in names)

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    (site / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)], cwd=tmp_path) \
        if _pip_has_python_option() else \
        _run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--prefix", str(env_dir), str(wheel)], cwd=tmp_path)

    where = _run([str(python), "-c", "import kg, kg.resources as r; print(kg.__file__); print(r.ontology_dir())"],
                 cwd=tmp_path).stdout.split()
    assert all(str(env_dir) in line for line in where), where

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in DOCS:
        shutil.copy2(ROOT / "corpus" / name, corpus / name)
    with open(ROOT / "corpus" / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    with open(corpus / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([rows[0], *(r for r in rows[1:] if r and r[0] in DOCS)])

    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["KG_CACHE_DIR"] = "off"
    run = _run([str(env_dir / "bin" / "kg"), "-q", "run", str(corpus), "--out", str(out)], cwd=tmp_path, env=env)
    for name in ("graph.ttl", "report.html", "report.md", "workload.csv", "graph.html"):
        assert (out / name).stat().st_size > 0, name
    assert "003_806b7ce717d61b69" in (out / "workload.csv").read_text(encoding="utf-8")
    assert "conforms" in run.stdout


def _pip_has_python_option() -> bool:
    """``pip --python`` (pip 22.3 and later) installs into another interpreter's environment."""
    import pip

    return tuple(int(x) for x in pip.__version__.split(".")[:2]) >= (22, 3)
