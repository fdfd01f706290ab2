// Options for `cem analyze` beside the command lines in package.json and scripts/check-manifest.mjs.
export default {
  // package.json names the committed, shipped custom-elements.json; the check's analysis into a
  // scratch folder must not repoint it.
  packagejson: false,
};
