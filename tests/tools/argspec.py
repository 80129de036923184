"""Checks a playbook against the argument specs of its modules, as `ansible-doc --json` gives
them: every option a task passes exists (or is an alias), has the documented type, and a value
from the documented choices; every required option is given; nothing else sits beside the module
but task keywords. Usage: python argspec.py PLAYBOOK DOCS_JSON; prints one problem a line, exits 1
when there is one."""
import json
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


# The playbook's !unsafe values are plain strings to Ansible, only never templated.
Loader.add_constructor("!unsafe", lambda loader, node: loader.construct_scalar(node))

TASK_KEYWORDS = {"name", "when", "register", "check_mode", "changed_when", "failed_when"}
PLAY_KEYWORDS = {"name", "hosts", "gather_facts", "vars", "tasks"}


def templated(value):
    return isinstance(value, str) and value.startswith("{{") and value.endswith("}}")


def type_ok(kind, value):
    if templated(value):
        return True
    return {
        "str": lambda v: isinstance(v, str),
        "path": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
        "dict": lambda v: isinstance(v, dict),
        "raw": lambda v: True,
    }.get(kind or "str", lambda v: False)(value)


def choices_ok(spec, value):
    choices = spec.get("choices")
    if not choices or templated(value):
        return True
    if isinstance(value, list):
        return all(v in choices for v in value)
    if value in choices:
        return True
    # A flags option documented as "comma separated" takes several of its choices.
    described = " ".join(spec.get("description", []))
    if isinstance(value, str) and "comma separated" in described:
        return all(part.strip() in choices for part in value.split(","))
    return False


def main(playbook, docs_file):
    plays = yaml.load(open(playbook, encoding="utf-8"), Loader=Loader)
    docs = json.load(open(docs_file, encoding="utf-8"))
    problems = []
    for play in plays:
        for key in play:
            if key not in PLAY_KEYWORDS:
                problems.append(f"play: unknown keyword {key}")
        for task in play.get("tasks", []):
            name = task.get("name", "?")
            modules = [k for k in task if k not in TASK_KEYWORDS]
            if len(modules) != 1:
                problems.append(f"{name}: not one module beside the task keywords: {modules}")
                continue
            module = modules[0]
            if module not in docs:
                problems.append(f"{name}: {module} has no documentation")
                continue
            options = docs[module]["doc"].get("options") or {}
            by_name = {}
            for opt, spec in options.items():
                by_name[opt] = spec
                for alias in spec.get("aliases", []) or []:
                    by_name[alias] = spec
            args = task[module] or {}
            for opt, value in args.items():
                spec = by_name.get(opt)
                if spec is None:
                    problems.append(f"{name}: {module} has no option {opt}")
                    continue
                if not type_ok(spec.get("type"), value):
                    problems.append(f"{name}: {module} {opt} takes {spec.get('type')}, not {value!r}")
                elif not choices_ok(spec, value):
                    problems.append(f"{name}: {module} {opt}={value!r} is none of {spec.get('choices')}")
            for opt, spec in options.items():
                if spec.get("required") and opt not in args:
                    problems.append(f"{name}: {module} needs {opt}")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
