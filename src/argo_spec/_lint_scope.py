"""What Argo has substituted in a template when it checks the names in it.

``validateTemplate`` (``workflow/validate/validate.go``, Argo 4.0.5 and
3.7.18) runs ``common.ProcessArgs`` on a template before ``validateSteps`` /
``validateDAG`` check its steps' and tasks' argument names
(``validateArguments``) and ``validateOutputs`` its output names.
``SubstituteParams`` replaces, with ``template.Replace`` and unresolved tags
allowed:

- the globals of ``newTemplateValidationCtx`` and ``ValidateWorkflow``:
  ``workflow.name``, ``namespace``, ``mainEntrypoint``,
  ``serviceAccountName``, ``uid``, ``status``, ``annotations``, ``labels``
  (and their ``.json``), ``workflow.parameters`` (and ``.json``) and
  ``workflow.parameters.<name>`` when ``spec.arguments`` has parameters (the
  value when one is given), ``workflow.priority`` when set;
- the template's locals: ``pod.name`` for a pod template, ``retries`` and
  ``lastRetry.*`` when it has a retryStrategy;
- ``inputs.parameters.<name>`` (``FakeArguments`` give each a placeholder,
  except for a Workflow's entrypoint, bound to ``spec.arguments``),
  ``inputs.parameters`` (the list as JSON), and the ``path`` of input and
  output artifacts and of output parameters.

Placeholders are ``__argo__internal__placeholder-<n>``, valid names. Any other
tag (``{{item}}``, ``{{steps.a.outputs.result}}``) stays as it is, and so
does an expression using ``item`` (``anyVarNotInEnv``) or a variable not in
the environment. A template is checked once, the first time it is reached
(``tctx.results``), so an ``onExit`` template's inputs are left unknown.
"""

from __future__ import annotations

from typing import Any

from argo_spec._expr import Token, reference, tokens

__all__ = ["NameScope", "workflow_globals"]

#: A value Argo substitutes; None for a placeholder.
Values = dict[str, str | None]

_PLACEHOLDER = "__argo__internal__placeholder-"
_ALWAYS = (
    "workflow.name",
    "workflow.namespace",
    "workflow.mainEntrypoint",
    "workflow.serviceAccountName",
    "workflow.uid",
    "workflow.status",
    "workflow.annotations",
    "workflow.annotations.json",
    "workflow.labels",
    "workflow.labels.json",
)
# Set or not depending on what this manifest cannot tell (metadata merged in,
# the order templates are reached): tags under these are left unknown.
_UNCERTAIN = ("workflow.annotations.", "workflow.labels.", "workflow.failures")
_RETRIES = (
    "retries",
    "lastRetry.exitCode",
    "lastRetry.status",
    "lastRetry.duration",
    "lastRetry.message",
)
_POD_TYPES = ("container", "container_set", "script", "resource", "data")
_ITEM = Token("name", "item")
_MEMBER = (Token("operator", "."), Token("operator", "?."))


def workflow_globals(spec: Any) -> Values:
    """The globals ``ValidateWorkflow`` sets for a workflow spec."""
    values: Values = dict.fromkeys(_ALWAYS)
    parameters = (spec.arguments.parameters if spec.arguments else None) or []
    if parameters:
        values["workflow.parameters"] = values["workflow.parameters.json"] = None
    for parameter in parameters:
        if parameter.name:
            values[f"workflow.parameters.{parameter.name}"] = _text(parameter.value)
    if spec.priority is not None:
        values["workflow.priority"] = str(spec.priority)
    return values


def _text(value: object) -> str | None:
    """``AnyString.String()`` of a value we can spell exactly, else None."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int)):
        return str(value)
    return None


class NameScope:
    """The variables substituted in one template when Argo checks its names."""

    def __init__(
        self,
        globals_: Values,
        template: Any,
        retries: bool,
        arguments: dict[str, object] | None,
    ) -> None:
        """Collect what ``template``'s ProcessArgs substitutes.

        ``arguments``: the workflow's parameter values when ``template`` is
        bound to them (a Workflow's entrypoint); None for ``FakeArguments``.
        """
        values = dict(globals_)
        # Values that hold a tag themselves: the second pass may change them.
        self.unknown = {key for key, value in values.items() if value and "{{" in value}
        if any(getattr(template, kind, None) is not None for kind in _POD_TYPES):
            values["pod.name"] = None
        if retries:
            values.update(dict.fromkeys(_RETRIES))
        inputs, outputs = template.inputs, template.outputs
        parameters = (inputs.parameters if inputs else None) or []
        for parameter in parameters:
            key = f"inputs.parameters.{parameter.name}"
            if arguments is None:
                values[key] = None
                continue
            value = arguments.get(parameter.name, parameter.value)
            if value is None:
                value = parameter.default
            text = _text(value)
            if text is None or "{{" in text:
                self.unknown.add(key)
            else:
                values[key] = text
        values["inputs.parameters"] = "[" if parameters else "null"
        for artifact in (inputs.artifacts if inputs else None) or []:
            if artifact.path:
                values[f"inputs.artifacts.{artifact.name}.path"] = artifact.path
        for artifact in (outputs.artifacts if outputs else None) or []:
            if artifact.path:
                values[f"outputs.artifacts.{artifact.name}.path"] = artifact.path
        for parameter in (outputs.parameters if outputs else None) or []:
            path = parameter.value_from.path if parameter.value_from else None
            if path:
                values[f"outputs.parameters.{parameter.name}.path"] = path
        self.values = values
        self._names = {key: f"{_PLACEHOLDER}{i}" for i, key in enumerate(values)}

    def substitute(self, text: str) -> tuple[str, str | None] | None:
        """Return ``text`` as Argo has it, and the first tag it leaves, or None.

        None when this cannot tell what Argo makes of a tag.
        """
        out: list[str] = []
        left: str | None = None
        index = 0
        while (start := text.find("{{", index)) >= 0:
            end = text.find("}}", start + 2)
            if end < 0:
                return None
            tag = text[start + 2 : end]
            value = self._tag(tag)
            if value is None:
                return None
            if value is _LEFT:
                left = left or "{{" + tag + "}}"
                value = "{{" + tag + "}}"
            out += [text[index:start], value]
            index = end + 2
        out.append(text[index:])
        return "".join(out), left

    def _tag(self, tag: str) -> str | None:
        if tag[:1] == "=":
            return self._expression(tag[1:])
        if "{{" in tag:
            return None
        return self._variable(tag.strip())

    def _expression(self, expression: str) -> str | None:
        found = tokens(expression)
        if found is None:
            return None
        for index, token in enumerate(found):
            if token == _ITEM and (index == 0 or found[index - 1] not in _MEMBER):
                return _LEFT
        name = reference(found)
        if name is None:
            return None
        if name in ("true", "false"):
            return name
        if any(key.startswith(name + ".") for key in self.values):
            return "{"  # a map in the expression env: JSON, never a valid name
        # Anything else that is not a variable is nil, a function or a map of
        # them (sprig): no result, and the tag stays.
        return self._variable(name)

    def _variable(self, name: str) -> str | None:
        if name in self.unknown or name.startswith(_UNCERTAIN):
            return None
        if name not in self.values:
            return _LEFT
        value = self.values[name]
        return self._names[name] if value is None else value


# A marker: the tag stays as it is.
_LEFT = "\x00"
