// Waiting for a Meilisearch task with the request timeout applied to every poll.
//
// The JS client 0.62 polls GET /tasks/:uid with its own abort signal, and then does not
// attach its request timeout to that request: a server that accepts the write and then
// stops answering holds `waitTask()` for its whole task timeout (60 s here). This loop
// gives every poll its own deadline (the request timeout) and the whole wait another
// (the task timeout), so a hung server fails one write within one request timeout.
import type { Meilisearch, Task } from 'meilisearch';

export interface TaskWaitOptions {
  /** Longest wait for one poll. */
  requestTimeoutMs: number;
  /** Longest wait for the task to finish, polls included. */
  taskTimeoutMs: number;
  intervalMs?: number;
}

/** Why a wait stopped: told apart so the message says which deadline passed. */
export class TaskWaitError extends Error {
  override name = 'TaskWaitError';
}

export async function waitForTaskBounded(client: Meilisearch, taskUid: number, options: TaskWaitOptions): Promise<Task> {
  const interval = options.intervalMs ?? 50;
  const deadline = Date.now() + options.taskTimeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new TaskWaitError(`Meilisearch task ${taskUid} did not finish in ${options.taskTimeoutMs} ms`);
    const pollMs = Math.min(options.requestTimeoutMs, left);
    const signal = AbortSignal.timeout(pollMs);
    let task: Task;
    try {
      task = await client.tasks.getTask(taskUid, { signal });
    } catch (err) {
      if (signal.aborted) {
        throw pollMs < options.requestTimeoutMs
          ? new TaskWaitError(`Meilisearch task ${taskUid} did not finish in ${options.taskTimeoutMs} ms`)
          : new TaskWaitError(`Meilisearch did not answer the status poll of task ${taskUid} in ${pollMs} ms`);
      }
      throw err;
    }
    if (task.status !== 'enqueued' && task.status !== 'processing') return task;
    await new Promise((resolve) => setTimeout(resolve, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
}
