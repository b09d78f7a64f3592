/** The mock upstream of playwright.config.ts (its chat URL is `${MOCK_URL}/v1/chat/completions`, key `mock-key`). */
export const MOCK_URL = `http://127.0.0.1:${process.env.E2E_MOCK_PORT ?? 4010}`;
