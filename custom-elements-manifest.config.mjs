// Options for `cem analyze` beside the command lines in package.json and scripts/check-manifest.mjs.

/** Platform hooks and implementation details that are no part of an element's API. */
const PLATFORM_MEMBERS = new Set([
  'formAssociated',
  'styles',
  'shadowRootOptions',
  'formResetCallback',
  'formDisabledCallback',
  'formStateRestoreCallback',
  'formAssociatedCallback',
]);

/** The public API only: private, protected, `#`, `@internal` and platform members are left out. */
function publicApiOnly() {
  return {
    name: 'assent-public-api',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (!declaration.members) continue;
          declaration.members = declaration.members.filter(
            (member) =>
              member.privacy !== 'private' &&
              member.privacy !== 'protected' &&
              !member.name.startsWith('#') &&
              !PLATFORM_MEMBERS.has(member.name),
          );
        }
      }
    },
  };
}

export default {
  // package.json names the committed, shipped custom-elements.json; the check's analysis into a
  // scratch folder must not repoint it.
  packagejson: false,
  plugins: [publicApiOnly()],
};
