// Entry points load it first; a test may import a type-graphql class directly.
import 'reflect-metadata';

process.env.APOLLO_TELEMETRY_DISABLED = '1';
process.env.LOG_LEVEL ??= 'silent';
