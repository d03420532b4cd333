"""Generate the CLI reference (docs/cli.md) from the commands' own help.

Run `python -m servicegap.cli.reference > docs/cli.md`; a test fails when the file is stale.
"""

from __future__ import annotations

import click


def _walk(command: click.Command, path: list[str], parent: click.Context | None = None):
    # Each context has its parent, as when run, so inherited settings (-h) show the same.
    settings = {**command.context_settings, "max_content_width": 100, "terminal_width": 100}
    ctx = click.Context(command, parent=parent, info_name=path[-1], **settings)
    yield path, command, ctx
    if isinstance(command, click.Group):  # a lazy group (report kinds) lists its own
        for name in sorted(command.list_commands(ctx)):
            sub = command.get_command(ctx, name)
            if sub is not None:
                yield from _walk(sub, [*path, name], ctx)


def render() -> str:
    from servicegap.cli import main_group

    out = [
        "# CLI reference",
        "",
        "Generated from the commands' help by `python -m servicegap.cli.reference`; do not edit.",
        "Data goes to stdout; messages, errors and progress bars go to stderr. Errors are one",
        "sentence and a non-zero exit status. Commands that print data take `--json` and then print",
        "exactly one JSON object (tables under the key `rows`).",
        "",
    ]
    for path, command, ctx in _walk(main_group, ["servicegap"]):
        out += [f"## `{' '.join(path)}`", "", "```", command.get_help(ctx), "```", ""]
    return "\n".join(out)


if __name__ == "__main__":
    click.echo(render(), nl=False)
