"""The one exception the adapter raises for bad configuration."""

from __future__ import annotations

__all__ = ["ROOT", "ConfigError", "yaml_kind"]

#: Where the executor's options sit in a runnable configuration file.
ROOT = "pipeline-executor.config"


class ConfigError(ValueError):
    """The executor configuration cannot be compiled: where, what, and the fix.

    ``str()`` gives one line a person can act on::

        argo.yaml: pipeline-executor.config.memoize.max_age: '1d' is not a Go
        duration; fix: use a Go duration with units h, m, s, ms, us or ns, such
        as "24h" or "90m"

    Attributes
    ----------
    location
        Dotted path of the offending setting inside the configuration file.
    message
        What is wrong.
    fix
        What to change.
    file
        The configuration file, once known.

    """

    def __init__(
        self, location: str, message: str, fix: str, file: str | None = None
    ) -> None:
        super().__init__(message)
        self.location = location
        self.message = message
        self.fix = fix
        self.file = file

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return f"{where}{self.location}: {self.message}; fix: {self.fix}"

    def in_file(self, file: str | None) -> ConfigError:
        """Return the same error, naming ``file`` as its source."""
        return ConfigError(self.location, self.message, self.fix, file)


_YAML_KINDS = {
    type(None): "null",
    bool: "a boolean",
    int: "an integer",
    float: "a number",
    str: "a string",
    list: "a list",
    dict: "a mapping",
}


def yaml_kind(value: object) -> str:
    """Name the kind of a parsed YAML value as a YAML author knows it."""
    return _YAML_KINDS.get(type(value), type(value).__name__)
