// A client written against the generated types only: it registers a source, records a claim citing it, and reads the
// claim back (waiting for its own write with minPosition). If the OpenAPI document misdescribed a request or a
// response, this would fail to compile (tsc) or fail here at run time.
//   API_BASE=http://127.0.0.1:5080 node build/src/roundtrip.js
import createClient from "openapi-fetch";
import type { components, paths } from "../gen/schema.js";

type RecordClaim = components["schemas"]["RecordClaim"];
type ClaimDetails = components["schemas"]["ClaimDetails"];

const baseUrl = process.env.API_BASE ?? "http://127.0.0.1:5080";
const actor = process.env.API_ACTOR ?? "typescript-client";
const client = createClient<paths>({ baseUrl });

function fail(message: string, detail?: unknown): never {
  console.error(message, detail === undefined ? "" : JSON.stringify(detail));
  process.exit(1);
}

const text = "Kazakhstan's trade with China reached $41bn in 2023, overtaking its trade with Russia for the first time.";
const source = await client.POST("/api/sources", {
  params: { header: { "X-Actor": actor } },
  body: { title: "Trade figures for 2023", carrier: "Example Wire", published: "2024-01-20", text },
});
if (source.error || !source.data) fail(`registering the source failed (${source.response.status})`, source.error);
const sourceId: string = source.data.id;

const quote = "overtaking its trade with Russia for the first time";
const start = text.indexOf(quote);
const claim: RecordClaim = {
  subject: "KZ",
  statement: "China overtook Russia as Kazakhstan's top trade partner in 2023.",
  effects: [
    { power: "CN", dimension: "economic", direction: "toward", strength: 3 },
    { power: "RU", dimension: "economic", direction: "away", strength: 2 },
  ],
  validTime: "2023",
  quantity: { value: 41, unit: "USD bn" },
  evidence: { sourceId, start, end: start + quote.length, quote },
  confidence: 0.8,
};
const recorded = await client.POST("/api/claims", { params: { header: { "X-Actor": actor } }, body: claim });
if (recorded.error || !recorded.data) fail(`recording the claim failed (${recorded.response.status})`, recorded.error);
const { id, position } = recorded.data;

const read = await client.GET("/api/claims/{id}", { params: { path: { id }, query: { minPosition: position } } });
if (read.error || !read.data) fail(`reading the claim back failed (${read.response.status})`, read.error);
const details: ClaimDetails = read.data;

const problems: string[] = [];
if (details.id !== id) problems.push(`id ${details.id} != ${id}`);
if (details.subject !== claim.subject) problems.push(`subject ${details.subject}`);
if (details.statement !== claim.statement) problems.push("statement differs");
if (details.recordedBy !== actor) problems.push(`recordedBy ${details.recordedBy} != ${actor}`);
if (details.effects.length !== claim.effects.length) problems.push(`${details.effects.length} effects`);
if (details.sources[0]?.sourceId !== sourceId) problems.push(`evidence cites ${details.sources[0]?.sourceId}`);
if (read.response.headers.get("ETag") !== `"${details.version}"`) problems.push(`ETag ${read.response.headers.get("ETag")}`);
if (problems.length > 0) fail("the claim read back differs from the claim recorded:", problems);

console.log(JSON.stringify({ id, sourceId, version: details.version, status: details.status, position }));
