// The static data of every op module: the constant tables of ./sigmoid.ts,
// ./fast.ts and ./family.ts and the padded-tail buffer of ./loops.ts. Every
// op module (./ops/*.ts) imports this file first, so that the tables are
// laid out in this one order, at the same addresses, in every module: the
// loader then writes them into the shared linear memory once, for all the
// modules (scripts/build-wasm.mjs strips the data from each module after
// checking that they all agree).
import './sigmoid';
import './fast';
import './family';
import './loops';
import './gelu';
import './geluFast';
