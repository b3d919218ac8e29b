/**
 * Imported first by command-line tools: their output is the report, so service logs below
 * `warn` stay quiet unless LOG_LEVEL says otherwise (the logger reads it when first imported).
 */
process.env.LOG_LEVEL ??= 'warn';
