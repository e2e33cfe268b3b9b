/**
 * `deno task gen [OUT_DIR]`: everything generated from proto/, written to OUT_DIR (default
 * shared/gen/). CI generates into a temporary folder and compares it with shared/gen/.
 *  - TypeScript types of proto/titan/titan.proto (proto-loader-gen-types; its flags must match
 *    LOADER_OPTIONS in shared/proto.ts);
 *  - titan.binpb, the descriptor set `buf build` makes of every file under proto/ and the
 *    well-known types they import, which server reflection serves (shared/reflection.ts).
 *    Source info is kept so that `grpcurl describe` shows the comments.
 */
import { ensureBuf, runBuf } from "../tests/support/buf.ts";

const root = new URL("..", import.meta.url).pathname;
const outDir = Deno.args[0] ?? `${root}shared/gen`;

const types = await new Deno.Command(Deno.execPath(), {
  cwd: root,
  args: [
    "run",
    "-A",
    "npm:@grpc/proto-loader@0.8.1/proto-loader-gen-types",
    "--longs=Number",
    "--enums=String",
    "--defaults",
    "--oneofs",
    "--grpcLib=@grpc/grpc-js",
    "--importFileExtension=.ts",
    `--outDir=${outDir}`,
    "proto/titan/titan.proto",
  ],
  stdout: "inherit",
  stderr: "inherit",
}).output();
if (!types.success) Deno.exit(1);

const buf = await ensureBuf();
if (!buf.path) {
  console.error(`gen: cannot run buf build: ${buf.reason}`);
  Deno.exit(1);
}
const built = await runBuf(buf.path, [
  "build",
  "proto",
  "--as-file-descriptor-set",
  "-o",
  `${outDir}/titan.binpb`,
], { cwd: root });
if (built.code !== 0) {
  console.error(`gen: buf build failed:\n${built.stderr}`);
  Deno.exit(1);
}
