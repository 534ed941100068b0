"""JSON in, JSON out: what the `loan_schedule` and `loan_statement` management commands run.

Bad input never produces a traceback: it becomes exit status 2 and one line on stderr that names the field.
"""

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TextIO

from portfolio.engine.errors import EngineError
from portfolio.engine.schedule import generate_schedule
from portfolio.engine.serialize import parse_terms, schedule_to_dict
from portfolio.engine.statement_io import statement_request_to_dict

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def schedule_from_json(data: object) -> dict[str, Any]:
    """Terms (a JSON object) → the schedule as a JSON object."""
    return schedule_to_dict(generate_schedule(parse_terms(data)))


def statement_from_json(data: object) -> dict[str, Any]:
    """A statement request (terms, transactions, as_of, policy) → the loan's state on as_of as a JSON object."""
    return statement_request_to_dict(data)


def error_line(error: EngineError) -> str:
    """One line for stderr: `error: <field>: <message>`."""
    return " ".join(f"error: {error.field}: {error.message}".split())


def run_json_command(handler: Callable[[object], dict[str, Any]], stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Read one JSON object from `stdin`, write `handler`'s answer to `stdout`; return the exit status."""
    text = stdin.read()
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        stderr.write(f"error: input: not valid JSON ({error.msg} at line {error.lineno}, column {error.colno})\n")
        return EXIT_BAD_INPUT
    try:
        result = handler(data)
    except EngineError as error:
        stderr.write(error_line(error) + "\n")
        return EXIT_BAD_INPUT
    stdout.write(json.dumps(result) + "\n")
    return EXIT_OK
