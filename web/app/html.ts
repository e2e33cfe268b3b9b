/// <reference lib="dom" />
/** JSX-like templates without a compile step: htm bound to Preact's createElement. */
import { h } from "preact";
import htmModule from "htm";

// htm ships an ES module whose default export is `htm`, but its type declarations are read as
// CommonJS here, which types the default import as the module object: take the declared type.
type Htm = typeof import("htm").default;
const htm = ((htmModule as unknown as { default?: Htm }).default ?? htmModule) as unknown as Htm;

export const html = htm.bind(h);
