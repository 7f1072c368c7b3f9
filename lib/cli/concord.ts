// Concord's command line, for administrators and scripts: npm run -s concord -- <command> [options].
// Output that scripts read goes to stdout; everything else, errors included, to stderr.
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { parseArgs } from "node:util";
import { AppError } from "../server/errors";
import { agreement, annotationAgreement, consensus, InputError, wer } from "./quality-commands";
// The database and export layers (Prisma's clients, drivers, argon2, sharp) are imported by the commands that use
// them: loading them took longer than a quality command's whole work.

const USAGE = `Usage: npm run -s concord -- <command> [options]

Commands:
  user add --email E --password P [--name N] [--admin]   create a user
  user set-password --email E --password P              set a new password (signs the user out everywhere)
  token create --email E [--name N]                      create an API token for a user; prints only the token
  export --project ID --email E --format F [--labels final|consensus|gold|all] [--split 70,15,15 --seed S]
         [--group-by KEY] [--include unresolved,excluded] [--standardized 0|1] [--polygons segments] [--per segment]
         [--csv-formula-guard 0|1] [--tag NAME] [--out FILE]
                                                         export as that user (F: a format= of README's table of
                                                         export formats; --tag: only items with that tag); prints
                                                         the zip's path
  predictions import --project ID --email E --input FILE|- [--model NAME --version V] [--training-export SHA256]
                                                         import a model's predictions as that user: FILE is JSON
                                                         ({model, predictions}) or JSON Lines of predictions (then
                                                         --model and --version name the model); prints the report
  evaluate --project ID --model NAME [--version V] [--task KEY] [--by meta.KEY|tags]
                                                         evaluate a model version against the final labels beside
                                                         human-level performance; prints the evaluation as JSON
  audit --project ID --model NAME [--version V] [--task KEY] --slices meta.A*meta.B,meta.C,tags
                                                         audit a model version: its worst slices per slicing (keys
                                                         crossed with *), rare classes and watch-list hits; prints
                                                         the audit as JSON
  migrate                                                apply pending database migrations
  rejudge [--project ID]                                 judge again now what an upgrade left to judge under new
                                                         rules (the server also does it when it starts)
  demo                                                   create the demo users and projects (safe to repeat)
  media migrate --to s3://BUCKET[/PREFIX] [--verify]     copy the local media directory into S3-compatible storage
                                                         (AWS_* variables; safe to repeat: copies what is missing;
                                                         --verify reads every file back and compares its SHA-256)
  agreement --metric percent|cohen|fleiss|krippendorff --input FILE|-
            [--level nominal|ordinal|interval|ratio] [--weights linear|quadratic] [--bootstrap N --seed S]
  annotation-agreement --kind shapes|segments|transcripts --input FILE|- [--iou T] [--normalize]
            agreement on boxes and polygons, audio segments or transcripts (--iou: shapes and segments, default 0.5;
            --normalize: transcripts)
  consensus --method majority|dawid-skene --input FILE|-
  wer --reference TEXT --hypothesis TEXT [--normalize]

The database is DATABASE_URL (unset: SQLite at data/concord.db); the local media directory CONCORD_MEDIA_DIR (unset: data/media).`;

class UsageError extends Error {}

/** The named options given as text, as a query object for a service to validate. */
function givenOptions(options: Options, names: readonly string[]): Record<string, string> {
  return Object.fromEntries(names.flatMap((name) => (typeof options[name] === "string" ? [[name, options[name]]] : [])));
}

type Options = Record<string, string | boolean | undefined>;

function requireOption(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== "string" || !value) throw new UsageError(`Missing --${name}.`);
  return value;
}

async function requireUser(email: string) {
  const { findUserByEmail } = await import("../server/users");
  const user = await findUserByEmail(email);
  if (!user) throw new AppError("not_found", `No user with email ${email}.`);
  return user;
}

/** Quiet: apply only what is pending (works while the server runs); otherwise always ask the engine and report. */
async function migrate(quiet: boolean): Promise<void> {
  const [{ databaseTarget, describeTarget }, { applyMigrations, migrateIfPending }] = await Promise.all([import("../server/db/config"), import("../server/db/migrations")]);
  const target = databaseTarget();
  const applied = quiet ? await migrateIfPending(target) : await applyMigrations(target);
  if (!quiet || applied.length) {
    console.error(applied.length ? `Applied ${applied.length} migration(s) to ${describeTarget(target)}: ${applied.join(", ")}` : `${describeTarget(target)} is up to date.`);
  }
}

/** The command line's flag of each export option, by its name in the export query (as the API takes it). */
const EXPORT_FLAGS = {
  format: "format",
  labels: "labels",
  split: "split",
  seed: "seed",
  groupBy: "group-by",
  include: "include",
  standardized: "standardized",
  polygons: "polygons",
  per: "per",
  csvFormulaGuard: "csv-formula-guard",
  tag: "tag",
} as const;

const commands: Record<string, (options: Options) => Promise<void>> = {
  async "user add"(options) {
    await migrate(true);
    const { createUser } = await import("../server/users");
    const user = await createUser({
      email: requireOption(options, "email"),
      password: requireOption(options, "password"),
      name: typeof options.name === "string" ? options.name : undefined,
      isAdmin: options.admin === true,
    });
    console.log(`Created ${user.isAdmin ? "admin " : ""}user ${user.email} (${user.id})`);
  },
  async "user set-password"(options) {
    await migrate(true);
    const user = await requireUser(requireOption(options, "email"));
    const { changePassword } = await import("../server/users");
    await changePassword(user.id, requireOption(options, "password"), null);
    console.log(`Password changed for ${user.email}; their sessions have ended and their API tokens are revoked.`);
  },
  async "token create"(options) {
    await migrate(true);
    const user = await requireUser(requireOption(options, "email"));
    const { createApiToken } = await import("../server/api-tokens");
    // Whoever runs the CLI has the server's database: as trusted as the user's own session.
    const { token } = await createApiToken({ user, via: "session" }, { name: typeof options.name === "string" ? options.name : "CLI token" });
    console.log(token);
  },
  async "predictions import"(options) {
    await migrate(true);
    const user = await requireUser(requireOption(options, "email"));
    const { readPredictionsFile, importPredictionsInParts } = await import("./predictions-import");
    const file = await readPredictionsFile(requireOption(options, "input"), {
      name: typeof options.model === "string" ? options.model : undefined,
      version: typeof options.version === "string" ? options.version : undefined,
      trainingExport: typeof options["training-export"] === "string" ? options["training-export"] : undefined,
    });
    console.log(JSON.stringify(await importPredictionsInParts({ user, via: "token" }, requireOption(options, "project"), file)));
  },
  async evaluate(options) {
    await migrate(true);
    const { evaluateNow } = await import("../server/models/evaluation");
    console.log(JSON.stringify(await evaluateNow(requireOption(options, "project"), givenOptions(options, ["model", "version", "task", "by"]))));
  },
  async audit(options) {
    await migrate(true);
    const { auditNow } = await import("../server/models/audit");
    console.log(JSON.stringify(await auditNow(requireOption(options, "project"), givenOptions(options, ["model", "version", "task", "slices"]))));
  },
  async migrate() {
    await migrate(false);
  },
  async rejudge(options) {
    await migrate(true);
    const { rejudgeStaleItems } = await import("../server/judging");
    const { judged, changed } = await rejudgeStaleItems(typeof options.project === "string" ? options.project : undefined);
    console.log(`Judged ${judged} item(s) again; ${changed} changed (their history says so).`);
  },
  async export(options) {
    await migrate(true);
    const user = await requireUser(requireOption(options, "email"));
    const query = Object.fromEntries(Object.entries(EXPORT_FLAGS).flatMap(([name, flag]) => (typeof options[flag] === "string" ? [[name, options[flag]]] : [])));
    const { exportProject } = await import("../server/export");
    const { filename, stream } = await exportProject({ user, via: "token" }, requireOption(options, "project"), query);
    const out = typeof options.out === "string" ? options.out : filename;
    await pipeline(Readable.fromWeb(stream as NodeReadableStream), createWriteStream(out));
    console.log(out);
  },
  async agreement(options) {
    console.log(JSON.stringify(await agreement(options)));
  },
  async "annotation-agreement"(options) {
    console.log(JSON.stringify(await annotationAgreement(options)));
  },
  async consensus(options) {
    console.log(JSON.stringify(await consensus(options)));
  },
  async wer(options) {
    console.log(JSON.stringify(wer(options)));
  },
  async "media migrate"(options) {
    const to = requireOption(options, "to");
    const { migrateMedia } = await import("../server/media/migrate");
    const outcome = await migrateMedia(to, { verify: options.verify === true, progress: (line) => console.error(line) });
    const megabytes = (outcome.copiedBytes / 1024 ** 2).toFixed(1);
    console.error(`Copied ${outcome.copied} file(s) (${megabytes} MB) from ${outcome.from} to ${outcome.to}; ${outcome.present} were there already.`);
    if (outcome.problems.length) {
      for (const problem of outcome.problems) console.error(`  ${problem}`);
      throw new Error(`${outcome.problems.length} file(s) could not be copied as they are; nothing else changed. Run the command again once they are dealt with.`);
    }
    console.error(
      `To switch: stop Concord, run this command again (it copies only what arrived meanwhile), then start Concord with
` +
        `  CONCORD_MEDIA_URL=${to}
` +
        `and the same AWS_* variables. Once it serves the media from there, ${outcome.from} can be archived and removed.`,
    );
  },
  async demo() {
    await migrate(true);
    const { seedDemo } = await import("../server/demo");
    const summary = await seedDemo();
    console.error(`Demo: ${summary.createdUsers} user(s), ${summary.createdProjects} project(s), ${summary.createdItems} item(s), ${summary.createdPredictions} prediction(s) created.`);
    for (const { email, password, role } of summary.signIns) console.log(`${role.padEnd(8)} ${email} / ${password}`);
  },
};

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      name: { type: "string" },
      admin: { type: "boolean" },
      metric: { type: "string" },
      level: { type: "string" },
      weights: { type: "string" },
      input: { type: "string" },
      bootstrap: { type: "string" },
      seed: { type: "string" },
      method: { type: "string" },
      kind: { type: "string" },
      iou: { type: "string" },
      reference: { type: "string" },
      hypothesis: { type: "string" },
      normalize: { type: "boolean" },
      project: { type: "string" },
      format: { type: "string" },
      labels: { type: "string" },
      split: { type: "string" },
      "group-by": { type: "string" },
      include: { type: "string" },
      standardized: { type: "string" },
      polygons: { type: "string" },
      per: { type: "string" },
      "csv-formula-guard": { type: "string" },
      tag: { type: "string" },
      out: { type: "string" },
      to: { type: "string" },
      model: { type: "string" },
      version: { type: "string" },
      task: { type: "string" },
      by: { type: "string" },
      slices: { type: "string" },
      "training-export": { type: "string" },
      verify: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return;
  }
  const name = positionals.join(" ");
  const command = commands[name];
  if (!command) throw new UsageError(`Unknown command "${name}".`);
  await command(values);
}

/** Once stdout and stderr have handed all that was written to them to the system (or their reader has gone). */
function outputWritten(): Promise<void[]> {
  return Promise.all(
    [process.stdout, process.stderr].map(
      (stream) =>
        new Promise<void>((resolve) => {
          // A reader that hung up (`| head`) takes nothing more: EPIPE ends the wait rather than the process.
          stream.once("error", () => resolve());
          // Writes complete in order: this empty one's callback runs after everything written before it.
          stream.write("", () => resolve());
        }),
    ),
  );
}

/**
 * The exit code of the command's outcome: 0, 2 for bad input or usage, 1 for anything else (said on stderr).
 * The process is ended with it only once its output is written (see the end of this file).
 */
function exitCode(error: unknown): number {
  if (error instanceof InputError) {
    console.error(`concord: ${error.message}`);
    return 2;
  }
  if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  console.error(`concord: ${error instanceof Error ? error.message : String(error)}`);
  if (!(error instanceof AppError) && process.env.CONCORD_DEBUG) console.error(error);
  return 1;
}

// process.exit() drops whatever a pipe has not taken yet: a script reading a large answer through one got its first
// 64 KB. Ending only once the output is written delivers all of it; exiting at all (rather than when nothing is left
// to do) ends what the commands leave open, such as database connections.
const code = await main(process.argv.slice(2)).then(() => 0, exitCode);
await outputWritten();
process.exit(code);
