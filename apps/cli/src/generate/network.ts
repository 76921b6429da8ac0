/** Where calls come from: source addresses, user agents and TLS details, as they appear in real trails. */
import type { Rng } from './prng.js'

/** The documentation address AWS's own examples use; a seed query looks for it. */
export const DOC_EXAMPLE_IP = '192.0.2.1'

const ISP_FIRST_OCTETS = [
  24, 31, 37, 46, 62, 71, 73, 77, 81, 82, 86, 88, 91, 93, 98, 99, 104, 108, 109, 151, 176, 178, 185, 188, 203, 212, 213,
  217,
]
const AWS_FIRST_OCTETS = [3, 18, 34, 44, 52, 54]
const GITHUB_FIRST_OCTETS = [4, 20, 40, 52, 172]

function octet(rng: Rng): number {
  return rng.range(1, 254)
}

/** A public IPv4 address from consumer and office ISP ranges. */
export function ispIpv4(rng: Rng): string {
  return `${rng.pick(ISP_FIRST_OCTETS)}.${rng.range(0, 255)}.${rng.range(0, 255)}.${octet(rng)}`
}

/** An address from AWS's public ranges (NAT gateways, Lambda, vendors running in AWS). */
export function awsIpv4(rng: Rng): string {
  return `${rng.pick(AWS_FIRST_OCTETS)}.${rng.range(0, 255)}.${rng.range(0, 255)}.${octet(rng)}`
}

/** A GitHub-hosted runner address (Azure ranges). */
export function runnerIpv4(rng: Rng): string {
  const first = rng.pick(GITHUB_FIRST_OCTETS)
  return first === 172
    ? `172.${rng.range(177, 191)}.${rng.range(0, 255)}.${octet(rng)}`
    : `${first}.${rng.range(0, 255)}.${rng.range(0, 255)}.${octet(rng)}`
}

/** A VPC-internal address, seen with calls through a VPC endpoint. */
export function privateIpv4(rng: Rng): string {
  return `10.${rng.range(0, 31)}.${rng.range(0, 255)}.${octet(rng)}`
}

/** A residential IPv6 address, written as CloudTrail writes them (no zero compression). */
export function ipv6(rng: Rng): string {
  const groups = [rng.pick(['2a02', '2a01', '2600', '2001', '2607', '2a00'])]
  for (let i = 0; i < 7; i++) groups.push(rng.int(0x10000).toString(16))
  return groups.join(':')
}

export const BROWSER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0',
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15',
]

export const CLI_AGENTS: readonly string[] = [
  'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off',
  'aws-cli/2.17.4 md/awscrt#0.20.11 ua/2.0 os/linux#6.5.0-41-generic md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off',
  'aws-cli/2.13.25 Python/3.11.5 Windows/10 exe/AMD64 prompt/off',
]

export const TERRAFORM_AGENT =
  'APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.42.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.25.3 os/linux lang/go#1.21.8 md/GOOS#linux md/GOARCH#amd64'
export const BOTO3_LAMBDA_AGENT =
  'Boto3/1.34.42 md/Botocore#1.34.42 ua/2.0 os/linux#5.10.214-224.855.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.42'
export const JS_LAMBDA_AGENT =
  'aws-sdk-js/3.540.0 ua/2.1 os/linux#5.10.214-224.855.amzn2.x86_64 lang/js md/nodejs#20.12.0 exec-env/AWS_Lambda_nodejs20.x'
export const JAVA_ECS_AGENT =
  'aws-sdk-java/2.25.16 Linux/5.10.213-201.855.amzn2.x86_64 OpenJDK_64-Bit_Server_VM/21.0.2+13-LTS Java/21.0.2 vendor/Amazon.com_Inc. exec-env/AWS_ECS_FARGATE io/sync http/Apache cfg/retry-mode/legacy'
export const SSM_AGENT = 'aws-sdk-go/1.44.260 (go1.21.9; linux; amd64) amazon-ssm-agent/3.3.131.0'
export const GO_VENDOR_AGENT = 'aws-sdk-go/1.51.11 (go1.22.1; linux; amd64)'
export const BOTO3_SCANNER_AGENT =
  'Boto3/1.34.84 md/Botocore#1.34.84 ua/2.0 os/linux#6.1.79-99.167.amzn2023.x86_64 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard Botocore/1.34.84 prowler/3.16.2'
export const KALI_AGENT = 'aws-cli/1.22.34 Python/3.9.12 Linux/5.16.0-kali7-amd64 botocore/1.24.29'
export const OLD_BOTO_AGENT = 'Boto3/1.9.201 Python/2.7.18 Linux/4.14.158-129.185.amzn2.x86_64 Botocore/1.12.201'

/** The console's user agent for a service's API calls. */
export function consoleAgent(source: string, rng: Rng): string {
  switch (source) {
    case 'ec2.amazonaws.com':
      return 'console.ec2.amazonaws.com'
    case 's3.amazonaws.com':
      return '[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12.705 Linux/5.10.215-181.850.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.412-b09 java/1.8.0_412 vendor/Oracle_Corporation cfg/retry-mode/standard]'
    case 'signin.amazonaws.com':
    case 'sso.amazonaws.com':
      return rng.pick(BROWSER_AGENTS)
    default:
      return 'AWS Internal'
  }
}

export interface TlsDetails {
  tlsVersion: string
  cipherSuite: string
  clientProvidedHostHeader: string
}

const GLOBAL_HOSTS: Record<string, string> = {
  'iam.amazonaws.com': 'iam.amazonaws.com',
  'organizations.amazonaws.com': 'organizations.us-east-1.amazonaws.com',
  'signin.amazonaws.com': 'signin.aws.amazon.com',
  'route53.amazonaws.com': 'route53.amazonaws.com',
  'monitoring.amazonaws.com': 'monitoring',
  'sso.amazonaws.com': 'portal.sso',
}

/** The endpoint host a client would name for an event source in a region. */
export function endpointHost(source: string, region: string): string {
  const global = GLOBAL_HOSTS[source]
  if (global === 'monitoring') return `monitoring.${region}.amazonaws.com`
  if (global === 'portal.sso') return `portal.sso.${region}.amazonaws.com`
  if (global) return global
  const service = source.slice(0, source.indexOf('.'))
  return `${service}.${region}.amazonaws.com`
}

const TLS13: readonly string[] = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']

export function tlsDetails(rng: Rng, host: string): TlsDetails {
  if (rng.chance(0.7))
    return {
      tlsVersion: 'TLSv1.3',
      cipherSuite: rng.chance(0.85) ? TLS13[0]! : rng.pick(TLS13),
      clientProvidedHostHeader: host,
    }
  return { tlsVersion: 'TLSv1.2', cipherSuite: 'ECDHE-RSA-AES128-GCM-SHA256', clientProvidedHostHeader: host }
}
