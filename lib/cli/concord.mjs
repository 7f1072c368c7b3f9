// `npm run -s concord -- …`: runs the command line's bundle (lib/cli/cli-bundle.mjs), building it first when the
// sources changed. The bundle reads its arguments from process.argv, as when run itself.
import { pathToFileURL } from "node:url";
import { cliScript } from "./cli-bundle.mjs";

await import(pathToFileURL(await cliScript()).href);
