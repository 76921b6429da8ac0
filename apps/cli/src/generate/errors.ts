/** Error codes and messages as each service reports them in CloudTrail. */
import type { Rng } from './prng.js'

export type ErrorKind = 'denied' | 'throttled' | 'not-found' | 'invalid'

export interface CallError {
  errorCode: string
  errorMessage: string
}

/** Services with a query/XML protocol report `AccessDenied`; JSON-protocol services `AccessDeniedException`. */
const QUERY_PROTOCOL = new Set([
  'iam',
  'sts',
  's3',
  'cloudformation',
  'autoscaling',
  'elasticloadbalancing',
  'rds',
  'sns',
  'monitoring',
  'signin',
])

export function serviceOf(source: string): string {
  return source.slice(0, source.indexOf('.'))
}

function actionPrefix(service: string): string {
  return service === 'monitoring' ? 'cloudwatch' : service
}

/** The IAM action string for an event name: `lambda:GetFunction` for `GetFunction20150331v2`. */
export function actionName(source: string, eventName: string): string {
  return `${actionPrefix(serviceOf(source))}:${eventName.replace(/20\d{6}(v\d+)?$/, '')}`
}

export function makeError(
  rng: Rng,
  kind: ErrorKind,
  source: string,
  eventName: string,
  callerArn: string,
  resource = '*',
): CallError {
  const service = serviceOf(source)
  const action = actionName(source, eventName)
  switch (kind) {
    case 'denied':
      if (service === 'ec2') {
        return {
          errorCode: rng.chance(0.85) ? 'Client.UnauthorizedOperation' : 'UnauthorizedOperation',
          errorMessage: `You are not authorized to perform this operation. User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action. Encoded authorization failure message: ${rng.base64(64)}`,
        }
      }
      if (service === 's3') return { errorCode: 'AccessDenied', errorMessage: 'Access Denied' }
      return {
        errorCode: QUERY_PROTOCOL.has(service) ? 'AccessDenied' : 'AccessDeniedException',
        errorMessage: `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
      }
    case 'throttled':
      if (service === 'ec2')
        return { errorCode: 'Client.RequestLimitExceeded', errorMessage: 'Request limit exceeded.' }
      if (service === 's3') return { errorCode: 'SlowDown', errorMessage: 'Please reduce your request rate.' }
      return { errorCode: 'ThrottlingException', errorMessage: 'Rate exceeded' }
    case 'not-found':
      switch (service) {
        case 'iam':
          return {
            errorCode: 'NoSuchEntityException',
            errorMessage: `The ${eventName.includes('Role') ? 'role' : eventName.includes('Policy') ? 'policy' : 'user'} with name ${resource.split('/').pop()} cannot be found.`,
          }
        case 'ec2':
          return {
            errorCode: 'Client.InvalidInstanceID.NotFound',
            errorMessage: `The instance ID '${resource.split('/').pop()}' does not exist`,
          }
        case 's3':
          return eventName.includes('Policy')
            ? { errorCode: 'NoSuchBucketPolicy', errorMessage: 'The bucket policy does not exist' }
            : { errorCode: 'NoSuchKey', errorMessage: 'The specified key does not exist.' }
        case 'ssm':
          return { errorCode: 'ParameterNotFound', errorMessage: '' }
        default:
          return { errorCode: 'ResourceNotFoundException', errorMessage: `Resource not found: ${resource}` }
      }
    case 'invalid':
      if (service === 'ec2')
        return {
          errorCode: 'Client.InvalidParameterValue',
          errorMessage: 'Value () for parameter groupId is invalid. The value cannot be empty',
        }
      return { errorCode: 'ValidationException', errorMessage: '1 validation error detected' }
  }
}
