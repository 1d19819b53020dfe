#!/usr/bin/env python3
"""Write mockgate(1), a roff man page, from the mockgate binary's own --help output.

Usage: make-manpage.py MOCKGATE_BINARY OUT_FILE

The page is generated, not written by hand, so it cannot drift from the flags the binary
really has: it runs `mockgate --help`, `mockgate --version` and `mockgate CMD --help` for each
subcommand the top-level help lists, and turns CLI11's layout into man(7) macros.
The date is SOURCE_DATE_EPOCH's when set (reproducible builds), otherwise today's (UTC);
the same binary and date give the same bytes.
"""
import datetime
import os
import re
import subprocess
import sys

# CLI11 prints `  NAME ARGS     help`: two spaces, the flag column, two or more spaces, its help.
ENTRY = re.compile(r"^  (\S(?:.*?\S)?)(?: {2,}(\S.*))?$")
# A dash starting a flag in prose (`--port-base`, `-h,--help`), not one inside a word (`':'-separated`).
FLAG = re.compile(r"(?:^|(?<=[\s(\[`,|]))--?[A-Za-z0-9][\w-]*")
ENV_VAR = re.compile(r"\$([A-Z][A-Z0-9_]+)")
EXIT_CODE = re.compile(r"(\d+) (.+?)(?=, \d+ |$)")


def run(*args):
    # LC_ALL=C: the help text must not change with the caller's locale.
    try:
        done = subprocess.run(args, capture_output=True, encoding="utf-8",
                              env={**os.environ, "LC_ALL": "C"})
    except OSError as error:
        sys.exit(f"make-manpage.py: cannot run {args[0]}: {error.strerror}")
    if done.returncode != 0:
        sys.exit(f"make-manpage.py: `{' '.join(args)}` exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def parse_help(text):
    """CLI11 help → (description, usage, [(section title, [(flag, help)])], [paragraph])."""
    blocks = [b.splitlines() for b in re.split(r"\n\s*\n", text.strip()) if b.strip()]
    head = blocks.pop(0)
    usage_at = next(i for i, line in enumerate(head) if line.startswith("Usage: "))
    description = " ".join(head[:usage_at])
    usage = head[usage_at][len("Usage: "):]
    sections, paragraphs = [], []
    for block in blocks:
        if block[0].endswith(":") and not block[0].startswith(" ") and len(block) > 1:
            entries = []
            for line in block[1:]:
                if line.startswith("   ") and entries:  # a wrapped help line
                    flag, help_text = entries[-1]
                    entries[-1] = (flag, f"{help_text} {line.strip()}".strip())
                elif match := ENTRY.match(line):
                    entries.append((match[1], match[2] or ""))
            sections.append((block[0][:-1], entries))
        else:
            paragraphs.append(" ".join(line.strip() for line in block))
    return description, usage, sections, paragraphs


def escape(text, bold_flags=False):
    """Plain text → roff: backslashes, flag dashes as \\- (the flags bold in prose), `code` in
    bold, non-ASCII as \\[uXXXX] so the page is plain ASCII whatever the locale."""
    pieces = re.split(r"(`[^`]+`)", text.replace("\\", "\\e"))
    for i, piece in enumerate(pieces):
        code = piece.startswith("`")  # bold already: its flags are not made bold again
        font = (r"\fB", r"\fR") if bold_flags and not code else ("", "")
        piece = FLAG.sub(lambda m: font[0] + m[0].replace("-", "\\-") + font[1], piece)
        pieces[i] = f"\\fB{piece[1:-1]}\\fR" if code else piece
    return "".join(c if ord(c) < 128 else f"\\[u{ord(c):04X}]" for c in "".join(pieces))


def literal(text):
    """A word typed as it is (a command name): every hyphen a real hyphen-minus."""
    return escape(text).replace("-", "\\-")


def prose(text):
    """A sentence of help as one roff text line."""
    return line(escape(text, bold_flags=True))


def line(text):
    """One roff text line: a leading '.' or "'" would be read as a request."""
    return "\\&" + text if text[:1] in (".", "'") else text


def flag_tag(flag):
    """`-j,--jobs N` → bold names, italic arguments; a trailing `...` (repeatable) stays roman."""
    names, _, args = flag.partition(" ")
    parts = [", ".join(f"\\fB{escape(n)}\\fR" for n in names.split(","))]
    parts += [a if a == "..." else f"\\fI{escape(a)}\\fR" for a in args.split()]
    if names.isupper():  # a positional: `PATH ...`
        parts[0] = f"\\fI{escape(names)}\\fR"
    return " ".join(parts)


def usage_line(usage):
    """`mockgate run [OPTIONS] [PATH...]` → command words bold, placeholders italic."""
    words = []
    for word in usage.split():
        if re.fullmatch(r"[a-z][\w-]*", word):
            words.append(f"\\fB{literal(word)}\\fR")
        else:
            words.append(re.sub(r"[A-Z][A-Z0-9_]*", r"\\fI\g<0>\\fR", escape(word)))
    return " ".join(words)


def options(out, sections):
    for title, entries in sections:
        if title not in ("Options", "Positionals"):
            out += [".PP", line(f"\\fI{escape(title)}:\\fR")]
        for flag, help_text in entries:
            out += [".TP", flag_tag(flag), prose(help_text)]


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[2])
    binary, out_file = sys.argv[1:]
    version = run(binary, "--version").split()[-1]
    description, usage, sections, paragraphs = parse_help(run(binary, "--help"))
    description = re.sub(r"^mockgate [^:]*: ", "", description)
    commands = dict(next(entries for title, entries in sections if title == "Subcommands"))
    helps = {name: parse_help(run(binary, name, "--help")) for name in commands}

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    date = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc) if epoch
            else datetime.datetime.now(datetime.timezone.utc)).strftime("%Y-%m-%d")

    out = [f'.TH MOCKGATE 1 "{date}" "mockgate {version}" "User Commands"',
           ".SH NAME", line(f"mockgate \\- {escape(description)}"),
           ".SH SYNOPSIS", usage_line(usage)]
    for name in commands:
        out += [".br", usage_line(helps[name][1])]

    # The closing paragraphs are where they fit a man page: exit codes, the environment, the rest.
    exit_status = [p for p in paragraphs if p.startswith("Exit codes:")]
    environment = [p for p in paragraphs if ENV_VAR.search(p) and p not in exit_status]
    out += [".SH DESCRIPTION", prose(description[:1].upper() + description[1:] + ".")]
    for paragraph in paragraphs:
        if paragraph not in exit_status + environment:
            out += [".PP", prose(paragraph)]
    out += [".SH OPTIONS"]
    options(out, [s for s in sections if s[0] != "Subcommands"])

    out += [".SH COMMANDS"]
    for name, summary in commands.items():
        cmd_description, cmd_usage, cmd_sections, cmd_paragraphs = helps[name]
        out += [".SS " + literal(name), usage_line(cmd_usage), ".PP",
                prose(cmd_description or summary)]
        # Each command's help repeats the top-level closing paragraphs: they are printed once.
        for paragraph in cmd_paragraphs:
            if paragraph not in paragraphs:
                out += [".PP", prose(paragraph)]
        options(out, cmd_sections)

    if environment:
        out += [".SH ENVIRONMENT"]
        for paragraph in environment:
            names = sorted(set(ENV_VAR.findall(paragraph)))
            out += [".TP", ", ".join(f"\\fB{n}\\fR" for n in names), prose(paragraph)]
    for paragraph in exit_status:
        out += [".SH EXIT STATUS"]
        codes = EXIT_CODE.findall(paragraph[len("Exit codes:"):].strip().rstrip("."))
        if codes:
            for code, meaning in codes:
                out += [".TP", f"\\fB{code}\\fR", prose(meaning)]
        else:
            out += [prose(paragraph)]

    out += [".SH SEE ALSO",
            "The bundled provider profiles, scenarios and catalogue in \\fI/usr/share/mockgate\\fR;",
            "the documentation in \\fI/usr/share/doc/mockgate\\fR."]
    with open(out_file, "w", encoding="ascii", newline="\n") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
