/**
 * Stands in for `@atlaskit/feature-gate-js-client/feature-gates` in both Custom UI builds (the
 * vite configs alias it here). Atlaskit asks it for its platform feature flags; inside a Forge
 * iframe nobody initialises the Statsig client behind it, so the real one answers `false` to
 * every gate (after a console warning) — and costs 137 kB of minified JS. This answers the
 * same, without it. Only `checkGate` is asked for by the Atlaskit packages we bundle
 * (@atlaskit/platform-feature-flags' resolveBooleanFlag).
 */
const FeatureGates = {
  checkGate(_gateName: string): boolean {
    return false;
  },
};

export default FeatureGates;
