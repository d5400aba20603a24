"""The lock files (make lock) pin exactly what pyproject.toml asks for, so that a fresh
clone installs what CI tested."""

import re
import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from ..helpers.environment import ROOT


def locks():
    """{lock file: [the requirements of pyproject.toml it must satisfy]}."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = [Requirement(line) for line in project["dependencies"]]
    dev = [Requirement(line) for line in project["optional-dependencies"]["dev"]]
    return {"requirements.lock": runtime, "requirements-dev.lock": runtime + dev}


def locked(name):
    """{package: (version, [what requires it])} of one lock file."""
    packages = {}
    for block in re.split(r"\n(?=\S)", (ROOT / name).read_text()):
        if match := re.match(r"([A-Za-z0-9._-]+)==(\S+)", block):
            via = re.findall(r"^\s+#\s+(?:via\s+)?(\S.*)$", block, re.M)
            packages[canonicalize_name(match[1])] = (match[2], via)
    return packages


def test_each_lock_pins_every_dependency_of_pyproject_toml_at_its_version():
    for name, requirements in locks().items():
        packages = locked(name)
        stale = [
            str(requirement)
            for requirement in requirements
            if canonicalize_name(requirement.name) not in packages
            or not requirement.specifier.contains(packages[canonicalize_name(requirement.name)][0])
        ]
        assert stale == [], f"{name} is out of date: run make lock"


def test_no_lock_keeps_a_dependency_pyproject_toml_dropped():
    for name, requirements in locks().items():
        asked = {canonicalize_name(requirement.name) for requirement in requirements}
        direct = {
            package
            for package, (_version, via) in locked(name).items()
            if "peaceops (pyproject.toml)" in via
        }
        assert direct - asked == set(), f"{name} is out of date: run make lock"


def test_the_site_lock_has_the_versions_of_the_development_lock():
    site, dev = locked("requirements.lock"), locked("requirements-dev.lock")
    differ = {
        package: (version, dev.get(package, ("not locked",))[0])
        for package, (version, _via) in site.items()
        if dev.get(package, ("",))[0] != version
    }
    assert differ == {}, "run make lock"
