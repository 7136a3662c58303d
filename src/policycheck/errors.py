"""Errors the library raises; only the CLI turns them into one line on stderr and exit code 2."""


class PolicycheckError(Exception):
    """Base class: the message names the file and what is wrong with it."""


class InputError(PolicycheckError):
    """A document cannot be read: missing, unsupported, corrupt, encrypted or without text."""


class RuleError(PolicycheckError):
    """A rule file is malformed or breaks the rule schema."""


class ConfigError(PolicycheckError):
    """A configuration file or option is invalid."""


class OutputError(PolicycheckError):
    """A report cannot be written where it was asked for."""
