/**
 * Registers `tag` once per page. A second copy of the library (IIFE beside ESM, or two bundles) finds
 * the tag taken and leaves the first registration in place instead of throwing.
 */
export function defineElement(tag: string, ctor: CustomElementConstructor): void {
  if (typeof customElements === 'undefined') return;
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
