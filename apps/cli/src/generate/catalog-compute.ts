/** Compute and networking calls: EC2 and VPC, Auto Scaling, load balancers, Lambda, ECR, EKS, Systems Manager. */

import {
  arn,
  type CallContext,
  type CallParts,
  def,
  NO_PARAMS,
  type ResourceRef,
  type Template,
} from './catalog-types.js'
import type { Actor } from './principals.js'

const EC2 = 'ec2.amazonaws.com'

function ec2Response(c: CallContext, extra: Record<string, unknown> = {}): CallParts['responseElements'] {
  return c.failed ? null : ({ requestId: c.requestId, _return: true, ...extra } as CallParts['responseElements'])
}

function sgResource(c: CallContext, groupId: string): ResourceRef[] {
  return [
    {
      accountId: c.account.id,
      type: 'AWS::EC2::SecurityGroup',
      ARN: arn('ec2', c.region, c.account.id, `security-group/${groupId}`),
    },
  ]
}

export interface PermissionSpec {
  protocol: string
  fromPort?: number
  toPort?: number
  cidr?: string
  cidrV6?: string
  sourceGroup?: string
  description?: string
}

function ipPermission(p: PermissionSpec) {
  const item: Record<string, unknown> = { ipProtocol: p.protocol }
  if (p.fromPort !== undefined) item.fromPort = p.fromPort
  if (p.toPort !== undefined) item.toPort = p.toPort
  item.groups = p.sourceGroup ? { items: [{ groupId: p.sourceGroup }] } : {}
  item.ipRanges = p.cidr
    ? { items: [p.description ? { cidrIp: p.cidr, description: p.description } : { cidrIp: p.cidr }] }
    : {}
  item.ipv6Ranges = p.cidrV6 ? { items: [{ cidrIpv6: p.cidrV6 }] } : {}
  item.prefixListIds = {}
  return item
}

/** Authorize/Revoke SecurityGroup Ingress/Egress with `groupId` and `ipPermissions`, as the API records them. */
export function securityGroupRuleCall(
  c: CallContext,
  name: string,
  groupId: string,
  permission: PermissionSpec,
): CallParts {
  const egress = name.endsWith('Egress')
  const authorize = name.startsWith('Authorize')
  const rules = authorize
    ? {
        securityGroupRuleSet: {
          items: [
            {
              groupOwnerId: c.account.id,
              groupId,
              securityGroupRuleId: `sgr-0${c.rng.hex(16)}`,
              isEgress: egress,
              ipProtocol: permission.protocol,
              fromPort: permission.fromPort ?? -1,
              toPort: permission.toPort ?? -1,
              ...(permission.cidr
                ? { cidrIpv4: permission.cidr }
                : permission.cidrV6
                  ? { cidrIpv6: permission.cidrV6 }
                  : { referencedGroupInfo: { groupId: permission.sourceGroup, userId: c.account.id } }),
            },
          ],
        },
      }
    : {}
  return {
    requestParameters: {
      groupId,
      ipPermissions: { items: [ipPermission(permission)] },
    } as CallParts['requestParameters'],
    responseElements: ec2Response(c, rules),
    resources: sgResource(c, groupId),
  }
}

function randomPermission(c: CallContext): PermissionSpec {
  const r = c.rng.float()
  if (r < 0.45)
    return {
      protocol: 'tcp',
      fromPort: c.rng.pick([443, 5432, 6379, 8080]),
      toPort: 0,
      sourceGroup: c.rng.pick(c.res.securityGroupIds),
    }
  if (r < 0.8)
    return {
      protocol: 'tcp',
      fromPort: c.rng.pick([443, 8443, 3306, 5432]),
      toPort: 0,
      cidr: `10.${c.rng.range(0, 31)}.0.0/16`,
      description: 'internal',
    }
  if (r < 0.93) return { protocol: 'tcp', fromPort: 443, toPort: 443, cidr: '0.0.0.0/0', description: 'public https' }
  return { protocol: 'tcp', fromPort: 22, toPort: 22, cidr: '0.0.0.0/0' }
}

function withToPort(p: PermissionSpec): PermissionSpec {
  return p.toPort === 0 ? { ...p, toPort: p.fromPort } : p
}

function instanceParams(c: CallContext) {
  return c.rng.chance(0.5)
    ? { instancesSet: { items: [{ instanceId: c.rng.pick(c.res.instanceIds) }] }, filterSet: {} }
    : { instancesSet: {}, filterSet: {} }
}

function describe(
  name: string,
  weight: number,
  build: (c: CallContext) => CallParts = NO_PARAMS,
  actors = { human: 1, automation: 3, service: 1.5 },
): Template {
  return def(
    EC2,
    name,
    weight,
    {
      actors,
      errors: [
        ['denied', 5],
        ['throttled', 3],
      ],
    },
    build,
  )
}

/** RunInstances with the request and (trimmed) response EC2 records. */
export function runInstancesCall(c: CallContext, instanceType: string, count = 1): CallParts {
  const subnetId = c.rng.pick(c.res.subnetIds)
  const imageId = c.rng.pick(c.res.imageIds)
  const instances = Array.from({ length: count }, () => ({
    instanceId: `i-0${c.rng.hex(16)}`,
    imageId,
    instanceState: { code: 0, name: 'pending' },
    privateDnsName: `ip-10-${c.rng.range(0, 31)}-${c.rng.range(0, 255)}-${c.rng.range(1, 254)}.ec2.internal`,
    amiLaunchIndex: 0,
    productCodes: {},
    instanceType,
    launchTime: c.timeMs,
    placement: { availabilityZone: `${c.region}${c.rng.pick(['a', 'b', 'c'])}`, tenancy: 'default' },
    monitoring: { state: 'disabled' },
    subnetId,
    vpcId: c.res.vpcId,
    sourceDestCheck: true,
    groupSet: { items: [{ groupId: c.res.securityGroupIds[0]!, groupName: 'default' }] },
    architecture: 'x86_64',
    rootDeviceType: 'ebs',
    rootDeviceName: '/dev/xvda',
    hypervisor: 'xen',
    metadataOptions: { state: 'pending', httpTokens: 'required', httpPutResponseHopLimit: 2, httpEndpoint: 'enabled' },
  }))
  return {
    requestParameters: {
      instancesSet: { items: [{ imageId, minCount: count, maxCount: count }] },
      instanceType,
      blockDeviceMapping: {},
      monitoring: { enabled: false },
      disableApiTermination: false,
      disableApiStop: false,
      clientToken: c.rng.uuid(),
      subnetId,
      tagSpecificationSet: {
        items: [{ resourceType: 'instance', tags: [{ key: 'Name', value: `${c.account.env}-worker` }] }],
      },
    },
    responseElements: c.failed
      ? null
      : {
          requestId: c.requestId,
          reservationId: `r-0${c.rng.hex(16)}`,
          ownerId: c.account.id,
          groupSet: {},
          instancesSet: { items: instances },
        },
    resources: c.failed
      ? undefined
      : instances.map((i) => ({
          accountId: c.account.id,
          type: 'AWS::EC2::Instance',
          ARN: arn('ec2', c.region, c.account.id, `instance/${i.instanceId}`),
        })),
  }
}

export function createNetworkAclEntryCall(
  c: CallContext,
  cidr: string,
  port: number,
  ruleAction: 'allow' | 'deny',
  egress = false,
): CallParts {
  return {
    requestParameters: {
      networkAclId: c.rng.pick(c.res.networkAclIds),
      ruleNumber: c.rng.pick([90, 100, 110, 120, 200]),
      egress,
      ruleAction,
      icmpTypeCode: {},
      portRange: { from: port, to: port },
      aclProtocol: '6',
      cidrBlock: cidr,
    },
    responseElements: ec2Response(c),
  }
}

export function createRouteCall(c: CallContext, cidr: string, target: 'igw' | 'nat' | 'pcx'): CallParts {
  const targetParam =
    target === 'igw'
      ? { gatewayId: c.res.internetGatewayId }
      : target === 'nat'
        ? { natGatewayId: `nat-0${c.rng.hex(16)}` }
        : { vpcPeeringConnectionId: `pcx-0${c.rng.hex(16)}` }
  return {
    requestParameters: { routeTableId: c.rng.pick(c.res.routeTableIds), destinationCidrBlock: cidr, ...targetParam },
    responseElements: ec2Response(c),
  }
}

export function deleteSecurityGroupCall(c: CallContext, groupId: string): CallParts {
  return {
    requestParameters: { groupId },
    responseElements: ec2Response(c, { groupId }),
    resources: sgResource(c, groupId),
  }
}

const LAMBDA = 'lambda.amazonaws.com'

function functionArn(c: CallContext, name: string): string {
  return arn('lambda', c.region, c.account.id, `function:${name}`)
}

function functionResource(c: CallContext, name: string): ResourceRef[] {
  return [{ accountId: c.account.id, type: 'AWS::Lambda::Function', ARN: functionArn(c, name) }]
}

const SSM = 'ssm.amazonaws.com'

/** The SSM agent on instances calls with the instance profile's role. */
const instanceRole = (actor: Actor): boolean => actor.label.includes('ec2-app')

export const COMPUTE_TEMPLATES: Template[] = [
  describe('DescribeInstances', 40, (c) => ({ requestParameters: instanceParams(c) })),
  describe('DescribeInstanceStatus', 8, (c) => ({
    requestParameters: { ...instanceParams(c), includeAllInstances: false },
  })),
  describe('DescribeSecurityGroups', 14, (c) => ({
    requestParameters: c.rng.chance(0.5)
      ? {
          securityGroupSet: { items: [{ groupId: c.rng.pick(c.res.securityGroupIds) }] },
          securityGroupIdSet: {},
          filterSet: {},
        }
      : { securityGroupSet: {}, securityGroupIdSet: {}, filterSet: {} },
  })),
  describe('DescribeSecurityGroupRules', 2, (c) => ({
    requestParameters: {
      DescribeSecurityGroupRulesRequest: {
        Filter: { Name: 'group-id', Value: { content: c.rng.pick(c.res.securityGroupIds), tag: 1 }, tag: 1 },
      },
    },
  })),
  describe('DescribeVpcs', 8, (c) => ({
    requestParameters: { vpcSet: { items: [{ vpcId: c.res.vpcId }] }, filterSet: {} },
  })),
  describe('DescribeSubnets', 10, (c) => ({
    requestParameters: {
      subnetSet: {},
      filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: c.res.vpcId }] } }] },
    },
  })),
  describe('DescribeRouteTables', 8, (c) => ({
    requestParameters: {
      routeTableIdSet: {},
      filterSet: { items: [{ name: 'vpc-id', valueSet: { items: [{ value: c.res.vpcId }] } }] },
    },
  })),
  describe('DescribeNetworkInterfaces', 12, (c) => ({
    requestParameters: {
      networkInterfaceIdSet: {},
      filterSet: { items: [{ name: 'subnet-id', valueSet: { items: [{ value: c.rng.pick(c.res.subnetIds) }] } }] },
    },
  })),
  describe('DescribeVolumes', 8, (c) => ({
    requestParameters: { volumeSet: { items: [{ volumeId: c.rng.pick(c.res.volumeIds) }] }, filterSet: {} },
  })),
  describe('DescribeSnapshots', 4, (c) => ({
    requestParameters: {
      snapshotSet: {},
      ownersSet: { items: [{ owner: c.account.id }] },
      sharedUsersSet: {},
      filterSet: {},
    },
  })),
  describe('DescribeImages', 6, (c) => ({
    requestParameters: {
      executableBySet: {},
      imagesSet: { items: [{ imageId: c.rng.pick(c.res.imageIds) }] },
      ownersSet: {},
      filterSet: {},
    },
  })),
  describe('DescribeAvailabilityZones', 6, () => ({
    requestParameters: { availabilityZoneSet: {}, availabilityZoneIdSet: {}, allAvailabilityZones: false },
  })),
  describe('DescribeAccountAttributes', 5, () => ({
    requestParameters: {
      accountAttributeNameSet: { items: [{ attributeName: 'supported-platforms' }] },
      filterSet: {},
    },
  })),
  describe('DescribeRegions', 5, () => ({ requestParameters: { regionSet: {}, allRegions: false } })),
  describe('DescribeTags', 6, (c) => ({
    requestParameters: {
      filterSet: { items: [{ name: 'resource-id', valueSet: { items: [{ value: c.rng.pick(c.res.instanceIds) }] } }] },
    },
  })),
  describe('DescribeAddresses', 4, () => ({
    requestParameters: { publicIpsSet: {}, allocationIdsSet: {}, filterSet: {} },
  })),
  describe('DescribeNatGateways', 3, () => ({
    requestParameters: { DescribeNatGatewaysRequest: { MaxResults: 1000 } },
  })),
  describe('DescribeNetworkAcls', 3, (c) => ({
    requestParameters: {
      networkAclIdSet: { items: [{ networkAclId: c.rng.pick(c.res.networkAclIds) }] },
      filterSet: {},
    },
  })),
  describe('DescribeInstanceTypes', 3, () => ({
    requestParameters: { DescribeInstanceTypesRequest: { InstanceType: { content: 't3.micro', tag: 1 } } },
  })),
  describe('DescribeLaunchTemplateVersions', 3, (c) => ({
    requestParameters: {
      DescribeLaunchTemplateVersionsRequest: {
        LaunchTemplateId: `lt-0${c.rng.hex(16)}`,
        LaunchTemplateVersion: { content: '$Latest', tag: 1 },
      },
    },
  })),
  describe('DescribeVpcEndpoints', 2, () => ({ requestParameters: { DescribeVpcEndpointsRequest: '' } })),
  def(EC2, 'CreateTags', 4, { actors: { automation: 3, human: 0.5, service: 1 } }, (c) => ({
    requestParameters: {
      resourcesSet: { items: [{ resourceId: c.rng.pick(c.res.instanceIds) }] },
      tagSet: { items: [{ key: 'Owner', value: c.rng.pick(['platform', 'data', 'web']) }] },
    },
    responseElements: ec2Response(c),
  })),
  def(EC2, 'RunInstances', 1, { actors: { automation: 3, human: 0.5, service: 1 } }, (c) =>
    runInstancesCall(c, c.rng.pick(['t3.micro', 't3.large', 'm6i.xlarge', 'c6g.2xlarge'])),
  ),
  def(EC2, 'TerminateInstances', 0.6, { actors: { automation: 2, service: 1.5, human: 0.3 } }, (c) => {
    const instanceId = c.rng.pick(c.res.instanceIds)
    return {
      requestParameters: { instancesSet: { items: [{ instanceId }] } },
      responseElements: c.failed
        ? null
        : {
            requestId: c.requestId,
            instancesSet: {
              items: [
                {
                  instanceId,
                  currentState: { code: 32, name: 'shutting-down' },
                  previousState: { code: 16, name: 'running' },
                },
              ],
            },
          },
    }
  }),
  def(EC2, 'StartInstances', 0.5, { actors: { automation: 2, human: 1 } }, (c) => ({
    requestParameters: { instancesSet: { items: [{ instanceId: c.rng.pick(c.res.instanceIds) }] } },
    responseElements: ec2Response(c),
  })),
  def(EC2, 'StopInstances', 0.5, { actors: { automation: 2, human: 1 } }, (c) => ({
    requestParameters: { instancesSet: { items: [{ instanceId: c.rng.pick(c.res.instanceIds) }] }, force: false },
    responseElements: ec2Response(c),
  })),
  def(EC2, 'CreateNetworkInterface', 2, { actors: { service: 3, automation: 1 } }, (c) => ({
    requestParameters: {
      subnetId: c.rng.pick(c.res.subnetIds),
      description: 'AWS Lambda VPC ENI',
      groupSet: { items: [{ groupId: c.rng.pick(c.res.securityGroupIds) }] },
      privateIpAddressesSet: {},
      ipv6AddressCount: 0,
    },
    responseElements: c.failed
      ? null
      : {
          requestId: c.requestId,
          networkInterface: {
            networkInterfaceId: `eni-0${c.rng.hex(16)}`,
            subnetId: c.rng.pick(c.res.subnetIds),
            vpcId: c.res.vpcId,
            ownerId: c.account.id,
            status: 'pending',
          },
        },
  })),
  def(EC2, 'DeleteNetworkInterface', 1.5, { actors: { service: 3, automation: 1 } }, (c) => {
    const eni = `eni-0${c.rng.hex(16)}`
    return {
      requestParameters: { networkInterfaceId: eni },
      responseElements: ec2Response(c),
      resources: [
        {
          accountId: c.account.id,
          type: 'AWS::EC2::NetworkInterface',
          ARN: arn('ec2', c.region, c.account.id, `network-interface/${eni}`),
        },
      ],
    }
  }),
  def(EC2, 'CreateSnapshot', 0.8, { actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: { volumeId: c.rng.pick(c.res.volumeIds), description: 'Created by AWS Backup' },
    responseElements: c.failed
      ? null
      : { requestId: c.requestId, snapshotId: `snap-0${c.rng.hex(16)}`, status: 'pending', ownerId: c.account.id },
  })),
  def(EC2, 'DeleteSnapshot', 0.5, { actors: { automation: 2, service: 1 } }, (c) => {
    const snapshotId = c.rng.pick(c.res.snapshotIds)
    return {
      requestParameters: { snapshotId },
      responseElements: ec2Response(c),
      resources: [
        {
          accountId: c.account.id,
          type: 'AWS::EC2::Snapshot',
          ARN: arn('ec2', c.region, '', `snapshot/${snapshotId}`),
        },
      ],
    }
  }),
  def(EC2, 'CreateVolume', 0.5, { actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: {
      size: String(c.rng.pick([8, 20, 100])),
      zone: `${c.region}a`,
      volumeType: 'gp3',
      encrypted: true,
    },
    responseElements: c.failed
      ? null
      : { requestId: c.requestId, volumeId: `vol-0${c.rng.hex(16)}`, status: 'creating', encrypted: true },
  })),
  def(EC2, 'AttachVolume', 0.4, { actors: { automation: 2, service: 1 } }, (c) => ({
    requestParameters: {
      volumeId: c.rng.pick(c.res.volumeIds),
      instanceId: c.rng.pick(c.res.instanceIds),
      device: '/dev/sdf',
      deleteOnTermination: false,
    },
    responseElements: c.failed ? null : { requestId: c.requestId, status: 'attaching', device: '/dev/sdf' },
  })),
  def(EC2, 'DeleteVolume', 0.3, { actors: { automation: 2, service: 1 } }, (c) => {
    const volumeId = c.rng.pick(c.res.volumeIds)
    return {
      requestParameters: { volumeId },
      responseElements: ec2Response(c),
      resources: [
        {
          accountId: c.account.id,
          type: 'AWS::EC2::Volume',
          ARN: arn('ec2', c.region, c.account.id, `volume/${volumeId}`),
        },
      ],
    }
  }),
  def(EC2, 'ModifyInstanceAttribute', 0.2, { actors: { automation: 2, human: 1 } }, (c) => ({
    requestParameters: { instanceId: c.rng.pick(c.res.instanceIds), disableApiTermination: { value: true } },
    responseElements: ec2Response(c),
  })),
  def(EC2, 'AuthorizeSecurityGroupIngress', 0.3, { actors: { automation: 3, human: 1 } }, (c) =>
    securityGroupRuleCall(
      c,
      'AuthorizeSecurityGroupIngress',
      c.rng.pick(c.res.securityGroupIds),
      withToPort(randomPermission(c)),
    ),
  ),
  def(EC2, 'RevokeSecurityGroupIngress', 0.15, { actors: { automation: 3, human: 1 } }, (c) =>
    securityGroupRuleCall(
      c,
      'RevokeSecurityGroupIngress',
      c.rng.pick(c.res.securityGroupIds),
      withToPort(randomPermission(c)),
    ),
  ),
  def(EC2, 'AuthorizeSecurityGroupEgress', 0.08, { actors: { automation: 3, human: 1 } }, (c) =>
    securityGroupRuleCall(c, 'AuthorizeSecurityGroupEgress', c.rng.pick(c.res.securityGroupIds), {
      protocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidr: '0.0.0.0/0',
    }),
  ),
  def(EC2, 'RevokeSecurityGroupEgress', 0.08, { actors: { automation: 3, human: 1 } }, (c) =>
    securityGroupRuleCall(c, 'RevokeSecurityGroupEgress', c.rng.pick(c.res.securityGroupIds), {
      protocol: '-1',
      cidr: '0.0.0.0/0',
    }),
  ),
  def(EC2, 'CreateSecurityGroup', 0.1, { actors: { automation: 3, human: 1 } }, (c) => ({
    requestParameters: {
      groupName: `${c.account.env}-svc-${c.rng.hex(4)}`,
      groupDescription: 'Managed by Terraform',
      vpcId: c.res.vpcId,
    },
    responseElements: ec2Response(c, { groupId: `sg-0${c.rng.hex(16)}` }),
  })),
  def(EC2, 'DeleteSecurityGroup', 0.08, { actors: { automation: 3, human: 1 } }, (c) =>
    deleteSecurityGroupCall(c, c.rng.pick(c.res.securityGroupIds)),
  ),
  def(EC2, 'CreateNetworkAclEntry', 0.03, { actors: { automation: 3, human: 1 } }, (c) =>
    createNetworkAclEntryCall(c, `10.${c.rng.range(0, 31)}.0.0/16`, 443, 'allow'),
  ),
  def(EC2, 'CreateRoute', 0.04, { actors: { automation: 3, human: 0.5 } }, (c) =>
    createRouteCall(c, `10.${c.rng.range(32, 63)}.0.0/16`, 'pcx'),
  ),
  def(EC2, 'ReplaceRoute', 0.02, { actors: { automation: 3, human: 0.5 } }, (c) =>
    createRouteCall(c, '0.0.0.0/0', 'nat'),
  ),

  def(
    'autoscaling.amazonaws.com',
    'DescribeAutoScalingGroups',
    3,
    { actors: { automation: 2, service: 2, human: 0.5 } },
    (c) => ({
      requestParameters: { autoScalingGroupNames: [`${c.account.env}-web-asg`] },
    }),
  ),
  def('autoscaling.amazonaws.com', 'DescribeScalingActivities', 1, { actors: { automation: 1, human: 0.5 } }, (c) => ({
    requestParameters: { autoScalingGroupName: `${c.account.env}-web-asg` },
  })),
  def('autoscaling.amazonaws.com', 'UpdateAutoScalingGroup', 0.1, { actors: { automation: 2, human: 0.3 } }, (c) => ({
    requestParameters: {
      autoScalingGroupName: `${c.account.env}-web-asg`,
      minSize: 2,
      maxSize: c.rng.pick([6, 10, 20]),
      desiredCapacity: c.rng.range(2, 6),
    },
  })),
  def(
    'elasticloadbalancing.amazonaws.com',
    'DescribeLoadBalancers',
    3,
    { actors: { automation: 2, service: 1, human: 0.5 } },
    () => ({ requestParameters: { pageSize: 400 } }),
  ),
  def(
    'elasticloadbalancing.amazonaws.com',
    'DescribeTargetHealth',
    3,
    { actors: { automation: 2, service: 2 } },
    (c) => ({
      requestParameters: {
        targetGroupArn: arn(
          'elasticloadbalancing',
          c.region,
          c.account.id,
          `targetgroup/${c.account.env}-web/${c.rng.hex(16)}`,
        ),
      },
    }),
  ),
  def(
    'elasticloadbalancing.amazonaws.com',
    'DescribeTargetGroups',
    2,
    { actors: { automation: 2, human: 0.5 } },
    NO_PARAMS,
  ),
  def('elasticloadbalancing.amazonaws.com', 'RegisterTargets', 0.3, { actors: { service: 3, automation: 1 } }, (c) => ({
    requestParameters: {
      targetGroupArn: arn(
        'elasticloadbalancing',
        c.region,
        c.account.id,
        `targetgroup/${c.account.env}-web/${c.rng.hex(16)}`,
      ),
      targets: [{ id: c.rng.pick(c.res.instanceIds), port: 8080 }],
    },
  })),

  def(
    LAMBDA,
    'Invoke',
    15,
    {
      actors: { automation: 3, 'aws-service': 1 },
      category: 'Data',
      errors: [
        ['throttled', 3],
        ['denied', 1],
      ],
    },
    (c) => {
      const name = c.rng.pick(c.res.functions)
      return {
        requestParameters: {
          functionName: functionArn(c, name),
          invocationType: c.rng.chance(0.7) ? 'RequestResponse' : 'Event',
          logType: 'None',
        },
        additionalEventData: { functionVersion: `${functionArn(c, name)}:$LATEST` },
        resources: functionResource(c, name),
      }
    },
  ),
  def(LAMBDA, 'ListFunctions20150331', 2, { actors: { automation: 2, human: 1, service: 0.5 } }, NO_PARAMS),
  def(LAMBDA, 'GetFunction20150331v2', 2, { actors: { automation: 2, human: 1 } }, (c) => ({
    requestParameters: { functionName: c.rng.pick(c.res.functions) },
  })),
  def(LAMBDA, 'GetFunctionConfiguration20150331v2', 1, { actors: { automation: 2, human: 1 } }, (c) => ({
    requestParameters: { functionName: c.rng.pick(c.res.functions) },
  })),
  def(LAMBDA, 'ListEventSourceMappings20150331', 1, { actors: { automation: 2 } }, (c) => ({
    requestParameters: { functionName: c.rng.pick(c.res.functions) },
  })),
  def(LAMBDA, 'GetPolicy20150331v2', 0.5, { actors: { automation: 1, service: 1 } }, (c) => ({
    requestParameters: { functionName: c.rng.pick(c.res.functions) },
  })),
  def(LAMBDA, 'UpdateFunctionCode20150331v2', 0.3, { actors: { automation: 3, human: 0.3 } }, (c) => {
    const name = c.rng.pick(c.res.functions)
    return {
      requestParameters: {
        functionName: name,
        publish: false,
        dryRun: false,
        zipFile: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      },
      responseElements: c.failed
        ? null
        : {
            functionName: name,
            functionArn: functionArn(c, name),
            runtime: 'nodejs20.x',
            codeSha256: c.rng.base64(43) + '=',
            lastUpdateStatus: 'InProgress',
          },
      resources: functionResource(c, name),
    }
  }),
  def(LAMBDA, 'UpdateFunctionConfiguration20150331v2', 0.2, { actors: { automation: 3, human: 0.3 } }, (c) => ({
    requestParameters: {
      functionName: c.rng.pick(c.res.functions),
      timeout: c.rng.pick([30, 60, 300]),
      memorySize: c.rng.pick([256, 512, 1024]),
    },
  })),
  def(LAMBDA, 'CreateFunction20150331', 0.05, { actors: { automation: 3, human: 0.5 } }, (c) => {
    const name = `${c.account.env}-fn-${c.rng.hex(6)}`
    return {
      requestParameters: {
        functionName: name,
        runtime: 'python3.12',
        role: `arn:aws:iam::${c.account.id}:role/${c.account.env}-lambda-exec`,
        handler: 'app.handler',
        code: {},
        timeout: 30,
        memorySize: 256,
        publish: false,
      },
      responseElements: c.failed
        ? null
        : { functionName: name, functionArn: functionArn(c, name), runtime: 'python3.12', state: 'Pending' },
      resources: functionResource(c, name),
    }
  }),
  def(LAMBDA, 'AddPermission20150331v2', 0.05, { actors: { automation: 3 } }, (c) => ({
    requestParameters: {
      functionName: c.rng.pick(c.res.functions),
      statementId: `events-${c.rng.hex(8)}`,
      action: 'lambda:InvokeFunction',
      principal: 'events.amazonaws.com',
    },
  })),
  def(LAMBDA, 'DeleteFunction20150331', 0.02, { actors: { automation: 3, human: 0.5 } }, (c) => {
    const name = c.rng.pick(c.res.functions)
    return { requestParameters: { functionName: name }, resources: functionResource(c, name) }
  }),

  def('ecr.amazonaws.com', 'GetAuthorizationToken', 4, { actors: { automation: 3, service: 1 } }, NO_PARAMS),
  def('ecr.amazonaws.com', 'BatchGetImage', 3, { actors: { automation: 2, 'aws-service': 1 } }, (c) => ({
    requestParameters: {
      imageIds: [{ imageTag: c.rng.pick(['latest', 'v1.42.0', 'main']) }],
      acceptedMediaTypes: ['application/vnd.docker.distribution.manifest.v2+json'],
      repositoryName: c.rng.pick(c.res.repositories),
      registryId: c.account.id,
    },
    resources: [
      {
        accountId: c.account.id,
        ARN: arn('ecr', c.region, c.account.id, `repository/${c.rng.pick(c.res.repositories)}`),
        type: 'AWS::ECR::Repository',
      },
    ],
  })),
  def('ecr.amazonaws.com', 'GetDownloadUrlForLayer', 3, { actors: { automation: 2, 'aws-service': 1 } }, (c) => ({
    requestParameters: {
      repositoryName: c.rng.pick(c.res.repositories),
      registryId: c.account.id,
      layerDigest: `sha256:${c.rng.hex(64)}`,
    },
  })),
  def('ecr.amazonaws.com', 'DescribeRepositories', 1, { actors: { automation: 1, human: 0.5 } }, NO_PARAMS),
  def('ecr.amazonaws.com', 'PutImage', 0.2, { actors: { automation: 3 } }, (c) => ({
    requestParameters: {
      repositoryName: c.rng.pick(c.res.repositories),
      imageTag: `v1.${c.rng.range(30, 60)}.${c.rng.range(0, 9)}`,
      registryId: c.account.id,
    },
  })),
  def('eks.amazonaws.com', 'DescribeCluster', 2, { actors: { automation: 2, human: 1 } }, (c) => ({
    requestParameters: { name: `${c.account.env}-cluster` },
  })),
  def('eks.amazonaws.com', 'ListClusters', 0.5, { actors: { automation: 1, human: 1 } }, NO_PARAMS),

  def(
    SSM,
    'UpdateInstanceInformation',
    10,
    { actors: { automation: 1 }, readOnly: false, errors: [['throttled', 1]], only: instanceRole },
    (c) => ({
      requestParameters: {
        instanceId: c.rng.pick(c.res.instanceIds),
        agentVersion: '3.3.131.0',
        agentStatus: 'Active',
        platformType: 'Linux',
        platformName: 'Amazon Linux',
        platformVersion: '2023',
        iPAddress: `10.${c.rng.range(0, 31)}.${c.rng.range(0, 255)}.${c.rng.range(1, 254)}`,
        computerName: `ip-10-0-${c.rng.range(0, 255)}-${c.rng.range(1, 254)}.ec2.internal`,
        agentName: 'amazon-ssm-agent',
        availabilityZone: `${c.region}a`,
      },
    }),
  ),
  def(SSM, 'ListAssociations', 3, { actors: { automation: 1 }, only: instanceRole }, (c) => ({
    requestParameters: {
      associationFilterList: [{ key: 'InstanceId', value: c.rng.pick(c.res.instanceIds) }],
      maxResults: 50,
    },
  })),
  def(
    SSM,
    'GetParameter',
    6,
    {
      actors: { automation: 3, human: 0.3 },
      errors: [
        ['not-found', 2],
        ['denied', 2],
        ['throttled', 1],
      ],
    },
    (c) => ({ requestParameters: { name: c.rng.pick(c.res.parameters), withDecryption: c.rng.chance(0.5) } }),
  ),
  def(SSM, 'GetParameters', 4, { actors: { automation: 3 } }, (c) => ({
    requestParameters: { names: [c.rng.pick(c.res.parameters), c.rng.pick(c.res.parameters)], withDecryption: true },
  })),
  def(SSM, 'GetParametersByPath', 2, { actors: { automation: 3 } }, (c) => ({
    requestParameters: { path: `/${c.account.env}/web`, recursive: true, withDecryption: true },
  })),
  def(SSM, 'DescribeInstanceInformation', 2, { actors: { automation: 1, human: 1, service: 1 } }, NO_PARAMS),
  def(SSM, 'DescribeParameters', 1, { actors: { automation: 1, human: 1 } }, NO_PARAMS),
  def(SSM, 'PutParameter', 0.2, { actors: { automation: 2, human: 0.5 } }, (c) => ({
    requestParameters: {
      name: c.rng.pick(c.res.parameters),
      type: 'SecureString',
      overwrite: true,
      value: 'HIDDEN_DUE_TO_SECURITY_REASONS',
    },
    responseElements: c.failed ? null : { version: c.rng.range(2, 40), tier: 'Standard' },
  })),
  def(SSM, 'SendCommand', 0.1, { actors: { automation: 2, human: 1 } }, (c) => ({
    requestParameters: {
      instanceIds: [c.rng.pick(c.res.instanceIds)],
      documentName: 'AWS-RunShellScript',
      parameters: 'HIDDEN_DUE_TO_SECURITY_REASONS',
      interactive: false,
    },
  })),
  def(SSM, 'DeleteParameter', 0.03, { actors: { automation: 2, human: 0.5 } }, (c) => {
    const name = c.rng.pick(c.res.parameters)
    return {
      requestParameters: { name },
      resources: [
        {
          accountId: c.account.id,
          type: 'AWS::SSM::Parameter',
          ARN: arn('ssm', c.region, c.account.id, `parameter${name}`),
        },
      ],
    }
  }),
]
