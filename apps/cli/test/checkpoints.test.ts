import { emptyCloudWatchState, type LogEventBatch } from '@cairn/cloudwatch-source'
import { describe, expect, it } from 'vitest'
import { Checkpoints } from '../src/collect/checkpoints.js'
import type { CollectRun } from '../src/collect/collect-run.js'
import { StreamPositions } from '../src/collect/stream-positions.js'

/** A run whose checkpoints finish when the test says so. */
function controlledRun() {
  const pending: (() => void)[] = []
  const failing: ((e: Error) => void)[] = []
  const run = {
    checkpoint: () =>
      new Promise<void>((resolve, reject) => {
        pending.push(resolve)
        failing.push(reject)
      }),
  } as unknown as CollectRun
  return { run, finishOne: () => pending.shift()?.(), failOne: (e: Error) => failing.shift()?.(e), inFlight: () => pending.length }
}

const tick = () => new Promise((r) => setTimeout(r, 0))

describe('Checkpoints', () => {
  it('writes in the background and records only what was read before each checkpoint began', async () => {
    const { run, finishOne, inFlight } = controlledRun()
    const recorded: number[][] = []
    const checkpoints = new Checkpoints<number>(run, (d) => void recorded.push(d), { items: 2, ms: 60_000 })
    checkpoints.read(1)
    checkpoints.tick()
    expect(inFlight()).toBe(0) // not due yet
    checkpoints.read(2)
    checkpoints.tick()
    expect(inFlight()).toBe(1)
    // the source goes on while it is written; a second one is not begun meanwhile
    checkpoints.read(3)
    checkpoints.read(4)
    checkpoints.tick()
    expect(inFlight()).toBe(1)
    expect(recorded).toEqual([])
    finishOne()
    await tick()
    expect(recorded).toEqual([[1, 2]])
    checkpoints.tick()
    expect(inFlight()).toBe(1)
    checkpoints.read(5)
    const rest = checkpoints.recordRest()
    finishOne()
    await rest
    expect(recorded).toEqual([[1, 2], [3, 4], [5]])
  })

  it('a failed checkpoint records nothing and fails the run at the next tick', async () => {
    const { run, failOne } = controlledRun()
    const recorded: number[][] = []
    const checkpoints = new Checkpoints<number>(run, (d) => void recorded.push(d), { items: 1, ms: 60_000 })
    checkpoints.read(1)
    checkpoints.tick()
    failOne(new Error('disk full'))
    await tick()
    expect(() => checkpoints.tick()).toThrow('disk full')
    await expect(checkpoints.idle()).rejects.toThrow('disk full')
    expect(recorded).toEqual([])
  })
})

describe('StreamPositions', () => {
  const batch = (stream: string, lastTimestamp: number): LogEventBatch => ({
    kind: 'events',
    logGroup: 'g',
    logStream: stream,
    events: [{ eventId: `e${lastTimestamp}`, timestamp: lastTimestamp, message: '{}' }] as LogEventBatch['events'],
    position: { resumeFrom: lastTimestamp, lastTimestamp, taken: [] } as unknown as LogEventBatch['position'],
  })

  it('moves a stream past a page only once every earlier page of it is durable', () => {
    const positions = new StreamPositions(emptyCloudWatchState('g'))
    // pages 1 and 2 of stream a finished before page 0 (another worker was slower)
    positions.apply([
      { page: 1, batch: batch('a', 20) },
      { page: 2, batch: batch('a', 30) },
      { page: 0, batch: batch('b', 5) },
    ])
    expect(positions.state.streams.a).toBeUndefined()
    expect(positions.state.streams.b?.lastTimestamp).toBe(5)
    positions.apply([{ page: 0, batch: batch('a', 10) }])
    expect(positions.state.streams.a?.lastTimestamp).toBe(30)
    positions.apply([{ page: 4, batch: batch('a', 50) }])
    expect(positions.state.streams.a?.lastTimestamp).toBe(30)
    positions.apply([{ page: 3, batch: batch('a', 40) }])
    expect(positions.state.streams.a?.lastTimestamp).toBe(50)
  })
})
