/** Side of the journeys' sample, metres. */
export declare const JOURNEY_SIZE_M: number;
/** The journeys' twin folder (absolute): JOURNEY_TWIN, else <E2E_TMP or .tmp>/journey-twin. */
export declare function journeyTwinDir(env?: NodeJS.ProcessEnv): string;
/** Hash of the pipeline's inputs (tiling/, scripts/, data/, package-lock.json). */
export declare function pipelineHash(): string;
/** Whether the twin in `dir` is complete and made by the current pipeline. */
export declare function journeyTwinFresh(dir?: string, hash?: string): boolean;
