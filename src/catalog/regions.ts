/**
 * Cloud regions mapped to the Electricity Maps zone whose grid supplies them. Region locations come from each
 * provider's region documentation; the zone is the balancing area or bidding zone that covers that location. The
 * mapping was cross-checked against the Green Software Foundation real-time-cloud region metadata (2023 rows, which
 * carry Electricity Maps zone ids) and, for Azure, Cloud Carbon Footprint's region-to-zone table (Apache-2.0). Where
 * a choice is ours, the entry's source says so.
 */
import { UnknownIdError } from '../core/errors.js';
import { suggest } from '../core/suggest.js';
import type { CloudRegion } from './types.js';

export type CloudProvider = CloudRegion['provider'];
export const PROVIDERS: readonly CloudProvider[] = ['aws', 'gcp', 'azure'];

const AWS = 'AWS Regions documentation (location); zone as in GSF real-time-cloud region metadata 2023';
const GCP = 'Google Cloud locations documentation (location); zone as in GSF real-time-cloud region metadata 2023';
const AZURE =
  'Azure geographies documentation (location); zone as in Cloud Carbon Footprint ' +
  'AZURE_MAPPED_REGIONS_TO_ELECTRICITY_MAPS_ZONES and GSF real-time-cloud 2023';
const AZURE_OURS = 'Azure geographies documentation (location); zone chosen here from the location';

export const CLOUD_REGIONS: readonly CloudRegion[] = [
  // AWS
  { id: 'aws:us-east-1', provider: 'aws', zone: 'US-MIDA-PJM', location: 'US East (N. Virginia)', source: AWS },
  { id: 'aws:us-east-2', provider: 'aws', zone: 'US-MIDA-PJM', location: 'US East (Ohio)', source: AWS },
  { id: 'aws:us-west-1', provider: 'aws', zone: 'US-CAL-CISO', location: 'US West (N. California)', source: AWS },
  { id: 'aws:us-west-2', provider: 'aws', zone: 'US-NW-BPAT', location: 'US West (Oregon)', source: AWS },
  { id: 'aws:ca-central-1', provider: 'aws', zone: 'CA-QC', location: 'Canada (Central), Montréal', source: AWS },
  {
    id: 'aws:ca-west-1',
    provider: 'aws',
    zone: 'CA-AB',
    location: 'Canada West (Calgary)',
    source: 'AWS Regions documentation (location); zone chosen here: Calgary is in the Alberta grid',
  },
  { id: 'aws:sa-east-1', provider: 'aws', zone: 'BR-CS', location: 'South America (São Paulo)', source: AWS },
  { id: 'aws:eu-west-1', provider: 'aws', zone: 'IE', location: 'Europe (Ireland)', source: AWS },
  { id: 'aws:eu-west-2', provider: 'aws', zone: 'GB', location: 'Europe (London)', source: AWS },
  { id: 'aws:eu-west-3', provider: 'aws', zone: 'FR', location: 'Europe (Paris)', source: AWS },
  { id: 'aws:eu-central-1', provider: 'aws', zone: 'DE', location: 'Europe (Frankfurt)', source: AWS },
  { id: 'aws:eu-central-2', provider: 'aws', zone: 'CH', location: 'Europe (Zurich)', source: AWS },
  { id: 'aws:eu-north-1', provider: 'aws', zone: 'SE-SE3', location: 'Europe (Stockholm)', source: AWS },
  { id: 'aws:eu-south-1', provider: 'aws', zone: 'IT-NO', location: 'Europe (Milan)', source: AWS },
  { id: 'aws:eu-south-2', provider: 'aws', zone: 'ES', location: 'Europe (Spain), Aragón', source: AWS },
  { id: 'aws:ap-south-1', provider: 'aws', zone: 'IN-WE', location: 'Asia Pacific (Mumbai)', source: AWS },
  { id: 'aws:ap-south-2', provider: 'aws', zone: 'IN-SO', location: 'Asia Pacific (Hyderabad)', source: AWS },
  { id: 'aws:ap-southeast-1', provider: 'aws', zone: 'SG', location: 'Asia Pacific (Singapore)', source: AWS },
  { id: 'aws:ap-southeast-2', provider: 'aws', zone: 'AU-NSW', location: 'Asia Pacific (Sydney)', source: AWS },
  { id: 'aws:ap-southeast-3', provider: 'aws', zone: 'ID', location: 'Asia Pacific (Jakarta)', source: AWS },
  { id: 'aws:ap-southeast-4', provider: 'aws', zone: 'AU-VIC', location: 'Asia Pacific (Melbourne)', source: AWS },
  { id: 'aws:ap-northeast-1', provider: 'aws', zone: 'JP-TK', location: 'Asia Pacific (Tokyo)', source: AWS },
  { id: 'aws:ap-northeast-2', provider: 'aws', zone: 'KR', location: 'Asia Pacific (Seoul)', source: AWS },
  { id: 'aws:ap-northeast-3', provider: 'aws', zone: 'JP-KN', location: 'Asia Pacific (Osaka)', source: AWS },
  { id: 'aws:ap-east-1', provider: 'aws', zone: 'HK', location: 'Asia Pacific (Hong Kong)', source: AWS },
  { id: 'aws:af-south-1', provider: 'aws', zone: 'ZA', location: 'Africa (Cape Town)', source: AWS },
  { id: 'aws:me-south-1', provider: 'aws', zone: 'BH', location: 'Middle East (Bahrain)', source: AWS },
  { id: 'aws:me-central-1', provider: 'aws', zone: 'AE', location: 'Middle East (UAE)', source: AWS },
  { id: 'aws:il-central-1', provider: 'aws', zone: 'IL', location: 'Israel (Tel Aviv)', source: AWS },

  // Google Cloud
  { id: 'gcp:us-central1', provider: 'gcp', zone: 'US-MIDW-MISO', location: 'Council Bluffs, Iowa', source: GCP },
  { id: 'gcp:us-east1', provider: 'gcp', zone: 'US-CAR-SC', location: 'Moncks Corner, South Carolina', source: GCP },
  { id: 'gcp:us-east4', provider: 'gcp', zone: 'US-MIDA-PJM', location: 'Ashburn, Northern Virginia', source: GCP },
  { id: 'gcp:us-east5', provider: 'gcp', zone: 'US-MIDA-PJM', location: 'Columbus, Ohio', source: GCP },
  { id: 'gcp:us-south1', provider: 'gcp', zone: 'US-TEX-ERCO', location: 'Dallas, Texas', source: GCP },
  { id: 'gcp:us-west1', provider: 'gcp', zone: 'US-NW-BPAT', location: 'The Dalles, Oregon', source: GCP },
  {
    id: 'gcp:us-west2',
    provider: 'gcp',
    zone: 'US-CAL-CISO',
    location: 'Los Angeles, California',
    source: `${GCP}; part of Los Angeles is served by LADWP (US-CAL-LDWP) instead`,
  },
  { id: 'gcp:us-west3', provider: 'gcp', zone: 'US-NW-PACE', location: 'Salt Lake City, Utah', source: GCP },
  { id: 'gcp:us-west4', provider: 'gcp', zone: 'US-NW-NEVP', location: 'Las Vegas, Nevada', source: GCP },
  { id: 'gcp:northamerica-northeast1', provider: 'gcp', zone: 'CA-QC', location: 'Montréal, Québec', source: GCP },
  { id: 'gcp:northamerica-northeast2', provider: 'gcp', zone: 'CA-ON', location: 'Toronto, Ontario', source: GCP },
  { id: 'gcp:southamerica-east1', provider: 'gcp', zone: 'BR-CS', location: 'São Paulo, Brazil', source: GCP },
  { id: 'gcp:southamerica-west1', provider: 'gcp', zone: 'CL-SEN', location: 'Santiago, Chile', source: GCP },
  { id: 'gcp:europe-west1', provider: 'gcp', zone: 'BE', location: 'St. Ghislain, Belgium', source: GCP },
  { id: 'gcp:europe-west2', provider: 'gcp', zone: 'GB', location: 'London, UK', source: GCP },
  { id: 'gcp:europe-west3', provider: 'gcp', zone: 'DE', location: 'Frankfurt, Germany', source: GCP },
  { id: 'gcp:europe-west4', provider: 'gcp', zone: 'NL', location: 'Eemshaven, Netherlands', source: GCP },
  { id: 'gcp:europe-west6', provider: 'gcp', zone: 'CH', location: 'Zurich, Switzerland', source: GCP },
  { id: 'gcp:europe-west8', provider: 'gcp', zone: 'IT-NO', location: 'Milan, Italy', source: GCP },
  { id: 'gcp:europe-west9', provider: 'gcp', zone: 'FR', location: 'Paris, France', source: GCP },
  { id: 'gcp:europe-north1', provider: 'gcp', zone: 'FI', location: 'Hamina, Finland', source: GCP },
  { id: 'gcp:europe-southwest1', provider: 'gcp', zone: 'ES', location: 'Madrid, Spain', source: GCP },
  { id: 'gcp:europe-central2', provider: 'gcp', zone: 'PL', location: 'Warsaw, Poland', source: GCP },
  { id: 'gcp:asia-south1', provider: 'gcp', zone: 'IN-WE', location: 'Mumbai, India', source: GCP },
  { id: 'gcp:asia-south2', provider: 'gcp', zone: 'IN-NO', location: 'Delhi, India', source: GCP },
  { id: 'gcp:asia-southeast1', provider: 'gcp', zone: 'SG', location: 'Jurong West, Singapore', source: GCP },
  { id: 'gcp:asia-southeast2', provider: 'gcp', zone: 'ID', location: 'Jakarta, Indonesia', source: GCP },
  { id: 'gcp:asia-east1', provider: 'gcp', zone: 'TW', location: 'Changhua County, Taiwan', source: GCP },
  { id: 'gcp:asia-east2', provider: 'gcp', zone: 'HK', location: 'Hong Kong', source: GCP },
  { id: 'gcp:asia-northeast1', provider: 'gcp', zone: 'JP-TK', location: 'Tokyo, Japan', source: GCP },
  { id: 'gcp:asia-northeast2', provider: 'gcp', zone: 'JP-KN', location: 'Osaka, Japan', source: GCP },
  { id: 'gcp:asia-northeast3', provider: 'gcp', zone: 'KR', location: 'Seoul, South Korea', source: GCP },
  { id: 'gcp:australia-southeast1', provider: 'gcp', zone: 'AU-NSW', location: 'Sydney, Australia', source: GCP },
  { id: 'gcp:australia-southeast2', provider: 'gcp', zone: 'AU-VIC', location: 'Melbourne, Australia', source: GCP },
  { id: 'gcp:me-west1', provider: 'gcp', zone: 'IL', location: 'Tel Aviv, Israel', source: GCP },
  { id: 'gcp:africa-south1', provider: 'gcp', zone: 'ZA', location: 'Johannesburg, South Africa', source: GCP },

  // Microsoft Azure
  { id: 'azure:eastus', provider: 'azure', zone: 'US-MIDA-PJM', location: 'East US (Virginia)', source: AZURE },
  { id: 'azure:eastus2', provider: 'azure', zone: 'US-MIDA-PJM', location: 'East US 2 (Virginia)', source: AZURE },
  { id: 'azure:centralus', provider: 'azure', zone: 'US-MIDW-MISO', location: 'Central US (Iowa)', source: AZURE },
  {
    id: 'azure:northcentralus',
    provider: 'azure',
    zone: 'US-MIDA-PJM',
    location: 'North Central US (Illinois, Chicago area)',
    source: `${AZURE_OURS}: the Chicago area (ComEd) is in PJM; CCF and GSF map this region to US-MIDW-MISO`,
  },
  { id: 'azure:southcentralus', provider: 'azure', zone: 'US-TEX-ERCO', location: 'South Central US (Texas)', source: AZURE },
  { id: 'azure:westus', provider: 'azure', zone: 'US-CAL-CISO', location: 'West US (California)', source: AZURE },
  {
    id: 'azure:westus2',
    provider: 'azure',
    zone: 'US-NW-GCPD',
    location: 'West US 2 (Quincy, Washington)',
    source: `${AZURE_OURS}: Quincy is served by Grant County PUD; CCF maps this region to US-NW-PACE`,
  },
  {
    id: 'azure:westus3',
    provider: 'azure',
    zone: 'US-SW-SRP',
    location: 'West US 3 (Phoenix area, Arizona)',
    source: `${AZURE_OURS}: Salt River Project assumed; part of the Phoenix area is Arizona Public Service (US-SW-AZPS)`,
  },
  { id: 'azure:canadacentral', provider: 'azure', zone: 'CA-ON', location: 'Canada Central (Toronto)', source: AZURE },
  { id: 'azure:canadaeast', provider: 'azure', zone: 'CA-QC', location: 'Canada East (Québec City)', source: AZURE },
  { id: 'azure:brazilsouth', provider: 'azure', zone: 'BR-CS', location: 'Brazil South (São Paulo state)', source: AZURE },
  { id: 'azure:northeurope', provider: 'azure', zone: 'IE', location: 'North Europe (Ireland)', source: AZURE },
  { id: 'azure:westeurope', provider: 'azure', zone: 'NL', location: 'West Europe (Netherlands)', source: AZURE },
  { id: 'azure:uksouth', provider: 'azure', zone: 'GB', location: 'UK South (London)', source: AZURE },
  { id: 'azure:ukwest', provider: 'azure', zone: 'GB', location: 'UK West (Cardiff)', source: AZURE },
  { id: 'azure:francecentral', provider: 'azure', zone: 'FR', location: 'France Central (Paris)', source: AZURE },
  { id: 'azure:germanywestcentral', provider: 'azure', zone: 'DE', location: 'Germany West Central (Frankfurt)', source: AZURE },
  { id: 'azure:swedencentral', provider: 'azure', zone: 'SE-SE3', location: 'Sweden Central (Gävle)', source: AZURE },
  { id: 'azure:norwayeast', provider: 'azure', zone: 'NO-NO1', location: 'Norway East (Oslo)', source: AZURE },
  { id: 'azure:switzerlandnorth', provider: 'azure', zone: 'CH', location: 'Switzerland North (Zurich)', source: AZURE },
  { id: 'azure:polandcentral', provider: 'azure', zone: 'PL', location: 'Poland Central (Warsaw)', source: AZURE },
  { id: 'azure:italynorth', provider: 'azure', zone: 'IT-NO', location: 'Italy North (Milan)', source: AZURE },
  { id: 'azure:centralindia', provider: 'azure', zone: 'IN-WE', location: 'Central India (Pune)', source: AZURE },
  { id: 'azure:southindia', provider: 'azure', zone: 'IN-SO', location: 'South India (Chennai)', source: AZURE },
  { id: 'azure:southeastasia', provider: 'azure', zone: 'SG', location: 'Southeast Asia (Singapore)', source: AZURE },
  { id: 'azure:eastasia', provider: 'azure', zone: 'HK', location: 'East Asia (Hong Kong)', source: AZURE_OURS },
  { id: 'azure:japaneast', provider: 'azure', zone: 'JP-TK', location: 'Japan East (Tokyo, Saitama)', source: AZURE },
  { id: 'azure:japanwest', provider: 'azure', zone: 'JP-KN', location: 'Japan West (Osaka)', source: AZURE },
  { id: 'azure:koreacentral', provider: 'azure', zone: 'KR', location: 'Korea Central (Seoul)', source: AZURE },
  { id: 'azure:australiaeast', provider: 'azure', zone: 'AU-NSW', location: 'Australia East (New South Wales)', source: AZURE },
  { id: 'azure:australiasoutheast', provider: 'azure', zone: 'AU-VIC', location: 'Australia Southeast (Victoria)', source: AZURE },
  { id: 'azure:southafricanorth', provider: 'azure', zone: 'ZA', location: 'South Africa North (Johannesburg)', source: AZURE },
  { id: 'azure:uaenorth', provider: 'azure', zone: 'AE', location: 'UAE North (Dubai)', source: AZURE_OURS },
];

let byId: Map<string, CloudRegion> | undefined;

function index(): Map<string, CloudRegion> {
  byId ??= new Map(CLOUD_REGIONS.map((r) => [r.id, r]));
  return byId;
}

export function listRegions(provider?: CloudProvider): readonly CloudRegion[] {
  return provider ? CLOUD_REGIONS.filter((r) => r.provider === provider) : CLOUD_REGIONS;
}

export function isProvider(s: string): s is CloudProvider {
  return (PROVIDERS as readonly string[]).includes(s);
}

/**
 * A region by its `provider:name` id, case-insensitive. Throws UnknownIdError naming the nearest regions of the same
 * provider (or of all providers when the provider itself is unknown).
 */
export function getRegion(id: string): CloudRegion {
  const key = id.trim().toLowerCase();
  const hit = index().get(key);
  if (hit) return hit;
  const [provider = '', name = ''] = key.split(':', 2);
  if (!isProvider(provider)) {
    // `amazon:us-east-1`: offer the same region name under the known providers, else the providers themselves.
    const sameName = CLOUD_REGIONS.filter((r) => r.id.endsWith(`:${name}`)).map((r) => r.id);
    const near = suggest(provider, PROVIDERS);
    throw new UnknownIdError('cloud provider', provider, sameName.length ? sameName : near.length ? near : PROVIDERS);
  }
  const candidates = listRegions(provider).map((r) => r.id);
  throw new UnknownIdError('cloud region', id, suggest(key, candidates));
}
