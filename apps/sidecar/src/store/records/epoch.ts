// The time fields of credman's stored records, as zod schemas: a stored number comes out of parsing carrying its
// unit in the type (`EpochSeconds`, packages/domain/src/time.ts), so a seconds/milliseconds mix-up in code that
// reads records is a type error (docs/architecture.md#data-model-in-keycloak).
import { epochSeconds } from '@credman/domain';
import { z } from 'zod';

/** Whole epoch seconds, the unit of every time credman stores. */
export const epochSecondsSchema = z.number().int().transform(epochSeconds);
