#!/usr/bin/env node
// Extracts MediaPipe Face Mesh's topology (triangles, lip/eye/oval contours) from the npm package
// @mediapipe/face_mesh@0.4.1657299874 (Apache-2.0) into VoiceMirror.Engine/Vision/FaceMesh/FaceMeshTopology.Data.cs.
//
//   mkdir /tmp/fm && cd /tmp/fm && npm pack @mediapipe/face_mesh@0.4.1657299874 && tar xzf *.tgz
//   node tools/extract_face_mesh_topology.js /tmp/fm/package/face_mesh.js
//
// The package ships only edge lists. Triangles are recovered as the 3-cliques of the tessellation graph that are
// faces: a 3-cycle whose three edges each already bound two other 3-cycles encloses vertices (a separating cycle),
// so it is dropped. The tessellation leaves the mouth and both eyes as holes; the canonical mesh (898 triangles)
// closes them, and so do we, with a strip between the upper and lower contour, because the renderer must warp the
// eye's interior when a lid closes.
'use strict';
const fs = require('fs');
const path = require('path');
const vm = require('vm');

const input = process.argv[2];
if (!input) {
  console.error('usage: node tools/extract_face_mesh_topology.js <path/to/face_mesh.js>');
  process.exit(2);
}
const output = path.join(__dirname, '..', 'VoiceMirror.Engine', 'Vision', 'FaceMesh', 'FaceMeshTopology.Data.cs');

// The bundle exports its constants onto `this || self`; run it in a sandbox that is its own global.
const sandbox = {};
sandbox.window = sandbox.self = sandbox.globalThis = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(input, 'utf8'), sandbox);
const get = name => {
  const v = sandbox[name];
  if (!Array.isArray(v)) throw new Error(`${name} not found in ${input}`);
  return v.map(([a, b]) => [a, b]);
};

const key = (a, b) => (a < b ? `${a},${b}` : `${b},${a}`);
const edges = new Set(get('FACEMESH_TESSELATION').map(([a, b]) => key(a, b)));
const adj = new Map();
for (const k of edges) {
  const [a, b] = k.split(',').map(Number);
  if (!adj.has(a)) adj.set(a, new Set());
  if (!adj.has(b)) adj.set(b, new Set());
  adj.get(a).add(b);
  adj.get(b).add(a);
}
if (adj.size !== 468) throw new Error(`expected 468 vertices, got ${adj.size}`);

const cliques = [];
for (const [a, na] of adj)
  for (const b of na) if (b > a)
    for (const c of adj.get(b)) if (c > b && na.has(c)) cliques.push([a, b, c]);
const edgeUse = new Map();
const triEdges = ([a, b, c]) => [key(a, b), key(b, c), key(a, c)];
for (const t of cliques) for (const k of triEdges(t)) edgeUse.set(k, (edgeUse.get(k) || 0) + 1);
const faces = cliques.filter(t => !triEdges(t).every(k => edgeUse.get(k) > 2));
const faceUse = new Map();
for (const t of faces) for (const k of triEdges(t)) faceUse.set(k, (faceUse.get(k) || 0) + 1);
for (const [k, n] of faceUse) if (n > 2) throw new Error(`edge ${k} bounds ${n} faces: not a manifold`);

// Contours: each connection list is a run of chains in order (corner -> corner, or a closed loop).
function chains(name) {
  const result = [];
  for (const [a, b] of get(name)) {
    const last = result[result.length - 1];
    if (last && last[last.length - 1] === a) last.push(b);
    else result.push([a, b]);
  }
  return result;
}
function pick(list, mustContain) {
  const c = list.find(ch => ch.includes(mustContain));
  if (!c) throw new Error(`no contour through ${mustContain}`);
  return c;
}
const lips = chains('FACEMESH_LIPS');
const leftEye = chains('FACEMESH_LEFT_EYE');
const rightEye = chains('FACEMESH_RIGHT_EYE');
const oval = chains('FACEMESH_FACE_OVAL');
if (lips.length !== 4 || leftEye.length !== 2 || rightEye.length !== 2 || oval.length !== 1)
  throw new Error('unexpected contour structure');
const contours = {
  OuterLipUpper: pick(lips, 0), OuterLipLower: pick(lips, 17),
  InnerLipUpper: pick(lips, 13), InnerLipLower: pick(lips, 14),
  LeftEyeUpper: pick(leftEye, 386), LeftEyeLower: pick(leftEye, 374),
  RightEyeUpper: pick(rightEye, 159), RightEyeLower: pick(rightEye, 145),
  FaceOval: oval[0],
};
if (contours.FaceOval[0] !== contours.FaceOval[contours.FaceOval.length - 1]) throw new Error('face oval not closed');

// Close the holes: every boundary edge except the face oval's must belong to the mouth or an eye.
function strip(upper, lower) {
  // Corner-to-corner polylines sharing both ends; zip them into triangles from one corner to the other.
  const tris = [];
  let i = 0, j = 0;
  while (i < upper.length - 1 || j < lower.length - 1) {
    const advanceUpper = j >= lower.length - 1 ||
      (i < upper.length - 1 && (i + 1) / (upper.length - 1) <= (j + 1) / (lower.length - 1));
    if (advanceUpper) { tris.push([upper[i], upper[i + 1], lower[j]]); i++; }
    else { tris.push([upper[i], lower[j + 1], lower[j]]); j++; }
  }
  return tris.filter(([a, b, c]) => a !== b && b !== c && a !== c);
}
const holes = [
  ['InnerLip', contours.InnerLipUpper, contours.InnerLipLower],
  ['LeftEye', contours.LeftEyeUpper, contours.LeftEyeLower],
  ['RightEye', contours.RightEyeUpper, contours.RightEyeLower],
];
const boundary = new Set([...faceUse].filter(([, n]) => n === 1).map(([k]) => k));
const ovalEdges = new Set();
for (let i = 0; i + 1 < oval[0].length; i++) ovalEdges.add(key(oval[0][i], oval[0][i + 1]));
const holeEdges = new Set();
for (const [, up, lo] of holes) for (const p of [up, lo]) for (let i = 0; i + 1 < p.length; i++) holeEdges.add(key(p[i], p[i + 1]));
for (const k of boundary) if (!ovalEdges.has(k) && !holeEdges.has(k)) throw new Error(`unexpected boundary edge ${k}`);
if (boundary.size !== ovalEdges.size + holeEdges.size) throw new Error('holes do not match the boundary');

const holeTris = {};
for (const [name, up, lo] of holes) holeTris[name] = strip(up, lo);
const all = faces.concat(...Object.values(holeTris));
console.log(`tessellation faces ${faces.length} (of ${cliques.length} 3-cliques), hole fill ` +
  Object.entries(holeTris).map(([n, t]) => `${n} ${t.length}`).join(', ') + `, total ${all.length}`);
if (all.length !== 898) throw new Error(`expected 898 triangles (canonical mesh), got ${all.length}`);

const wrap = (nums, indent) => {
  const lines = [];
  for (let i = 0; i < nums.length; i += 24) lines.push(indent + nums.slice(i, i + 24).join(', ') + ',');
  return lines.join('\n');
};
const mouthStart = faces.length;
const eyesStart = mouthStart + holeTris.InnerLip.length;
let cs = `// <auto-generated>
// Generated by tools/extract_face_mesh_topology.js from the npm package @mediapipe/face_mesh@0.4.1657299874
// (face_mesh.js: FACEMESH_TESSELATION, FACEMESH_LIPS, FACEMESH_LEFT_EYE, FACEMESH_RIGHT_EYE, FACEMESH_FACE_OVAL).
// MediaPipe Face Mesh, Copyright Google LLC, licensed under the Apache License, Version 2.0
// (https://www.apache.org/licenses/LICENSE-2.0); derived data, re-arranged: triangles recovered from edges,
// mouth and eye holes closed. Do not edit by hand; re-run the script.
// </auto-generated>
namespace VoiceMirror.Engine.Vision.FaceMesh;

public static partial class FaceMeshTopology
{
    private const int TessellationTriangleCount = ${faces.length};
    private const int MouthHoleTriangleCount = ${holeTris.InnerLip.length};

    private static readonly int[] TriangleData =
    [
${wrap(all.flat(), '        ')}
    ];
`;
for (const [name, ring] of Object.entries(contours))
  cs += `\n    private static readonly int[] ${name}Data = [${ring.join(', ')}];\n`;
cs += '}\n';
fs.writeFileSync(output, cs);
console.log(`wrote ${output}`);
