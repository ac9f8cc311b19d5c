// Apollo's packages report usage to Apollo unless told not to; this product never phones home.
process.env.APOLLO_TELEMETRY_DISABLED ??= '1';
