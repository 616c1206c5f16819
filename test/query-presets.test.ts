import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import test from 'ava';
import { listPresets, loadPreset } from '../src/query/presets.ts';
import { FETCH_SIZE, runPreset, type PresetFilter } from '../src/query/run-preset.ts';
import { useTestDatabase } from './helpers/db.ts';
import { FIXTURES } from './helpers/store.ts';

const db = useTestDatabase(test, { importFrom: FIXTURES });

interface Collected {
  columns: string[];
  rows: unknown[][];
  pages: number[];
}

async function collect(name: string, filter: PresetFilter = {}, dir?: URL): Promise<Collected> {
  const result: Collected = { columns: [], rows: [], pages: [] };
  await runPreset(db().pool, loadPreset(name, dir), filter, {
    columns: (names) => void (result.columns = names),
    rows: (rows) => {
      result.pages.push(rows.length);
      result.rows.push(...rows);
    },
  });
  return result;
}

// Expected rows below were checked against fixtures/README.md (rounds, placement, identities,
// lineage) and the findings the import records for the fixture store.

test.serial('preset archive-retention: exact rows on the fixtures', async (t) => {
  const result = await collect('archive-retention');
  t.deepEqual(result.columns, ["job_id", "job_number", "status", "kind", "round_id", "round_on_disk", "file_on_disk", "intact", "retained_outputs", "retained_bytes", "retained_kinds", "archived_at"]);
  t.deepEqual(result.rows, [
    ["job_1","J0001","ARCHIVED","final","round_1",true,true,true,4,"5335",["final_json","final_pdf","geojson","report_pdf"],"2022-05-14T16:20:00Z"],
    ["job_4a1f0c2b9e01","J0004","ARCHIVED","final","round_2",true,true,true,5,"6677",["final_json","final_pdf","geojson","report_docx","report_pdf"],"2023-03-15T21:40:12Z"],
    ["job_4a1f0c2b9e01","J0004","ARCHIVED","correction","round_5",true,true,true,5,"7016",["final_json","final_pdf","geojson","report_docx","report_pdf"],"2023-06-22T15:05:44Z"],
    ["job_6c2d7e9f0a13","J0006","ARCHIVED","final","round_15",true,true,true,5,"6314",["final_json","final_pdf","geojson","report_docx","report_pdf"],"2024-04-19T18:12:03Z"],
    ["job_6c2d7e9f0a13","J0006","ARCHIVED","correction","round_15",true,true,true,4,"6310",["final_json","final_pdf","geojson","report_pdf"],"2024-05-02T10:00:00Z"],
    ["job_7b3e8a1d5c24","J0007","ARCHIVED","final","round_3",false,true,true,4,"5997",["final_json","final_pdf","geojson","report_pdf"],"2024-10-18T17:45:00Z"],
    ["job_7b3e8a1d5c24","J0007","ARCHIVED","correction","round_2",true,true,true,4,"5998",["final_json","final_pdf","geojson","report_pdf"],"2024-11-01T09:30:00Z"],
    ["job_9e4f1b6a2d35","J0009","ARCHIVED","final","round_1",true,true,true,4,"6442",["final_json","final_pdf","geojson","report_pdf"],"2024-06-13T19:00:00Z"],
    ["job_a5c8d2e7f146","J0010","ARCHIVED","final","round_1",true,true,true,4,"5660",["final_json","final_pdf","geojson","report_pdf"],"2024-07-05T17:20:00Z"],
  ]);
});

test.serial('preset archived-finals: exact rows on the fixtures', async (t) => {
  const result = await collect('archived-finals');
  t.deepEqual(result.columns, ["job_id", "job_number", "status", "kind", "round_id", "round_on_disk", "record_latest_round_id", "archived_at", "assessor", "operator_code", "server_revision_id", "client_revision_id", "source_path", "payload_sha256"]);
  t.deepEqual(result.rows, [
    ["job_1","J0001","ARCHIVED","final","round_1",true,"round_1","2022-05-14T16:20:00Z","Marcus Oyelaran","O0001","srv-rev-0001-a","cli-rev-0001-3","job_1/final.json","f36bcc87a69f53583294c6d12341e126fdd76cb1bb9a8d017140f04b18c17ce5"],
    ["job_4a1f0c2b9e01","J0004","ARCHIVED","final","round_2",true,"round_5","2023-03-15T21:40:12Z","Dana Whitfield","O0002","srv-rev-0004-2","cli-rev-0004-7","job_4a1f0c2b9e01/final.json","5a92097e8006c97d83f275e31df3b65039d99cc5fc97ea16ade1ecf6ed9edb93"],
    ["job_4a1f0c2b9e01","J0004","ARCHIVED","correction","round_5",true,"round_5","2023-06-22T15:05:44Z","Dana Whitfield","O0002","srv-rev-0004-5","cli-rev-0004-12","job_4a1f0c2b9e01/final_correction.json","fc8864572baa513b975fde909aa95ed4d36da9e6486d1ae3e540a95663a6e0f4"],
    ["job_6c2d7e9f0a13","J0006","ARCHIVED","final","round_15",true,"round_2","2024-04-19T18:12:03Z","Dana Whitfield","O0002","srv-rev-0006-15","cli-rev-0006-21","job_6c2d7e9f0a13/final.json","4fb01ba14e83dec9a2ed31a565ded387f23166afb1455dd73371e7670abc3d00"],
    ["job_6c2d7e9f0a13","J0006","ARCHIVED","correction","round_15",true,"round_2","2024-05-02T10:00:00Z","Dana Whitfield","O0002","srv-rev-0006-15","cli-rev-0006-24","job_6c2d7e9f0a13/final_correction.json","a979138fb05f1284938c367a2d67971ba9d7a1c5a20dc9a788bb9b5c223db756"],
    ["job_7b3e8a1d5c24","J0007","ARCHIVED","final","round_3",false,"round_2","2024-10-18T17:45:00Z","Marcus Oyelaran","O0001","srv-rev-0007-3","cli-rev-0007-9","job_7b3e8a1d5c24/final.json","c691ddbfcdc34313fd7274f354d6bc468e4a9818f0edcc088bc1c54b36466299"],
    ["job_7b3e8a1d5c24","J0007","ARCHIVED","correction","round_2",true,"round_2","2024-11-01T09:30:00Z","Marcus Oyelaran","O0001","srv-rev-0007-2","cli-rev-0007-11","job_7b3e8a1d5c24/final_correction.json","0aba2c7c051bf1233ffaf965e9c4832a52c76427f7d9d25009ea8f1ad4154773"],
    ["job_9e4f1b6a2d35","J0009","ARCHIVED","final","round_1",true,"round_1","2024-06-13T19:00:00Z","Marcus Oyelaran","O0001","srv-rev-0009-1","cli-rev-0009-4","job_9e4f1b6a2d35/final.json","1e8ddc7698396b35545c4ca9bc2b28eaacfeeb99d50e0aa169a2f38f4f85f6b3"],
    ["job_a5c8d2e7f146","J0010","ARCHIVED","final","round_1",true,"round_1","2024-07-05T17:20:00Z","Marcus Oyelaran","O0001","srv-rev-0010-1","cli-rev-0010-2","job_a5c8d2e7f146/final.json","ebfa0d14ed6a289dffbe3bacfe48588b0704234ec3df9b21dcf6c67fff122a49"],
  ]);
});

test.serial('preset findings: exact rows on the fixtures', async (t) => {
  const result = await collect('findings');
  t.deepEqual(result.columns, ["id", "job_id", "job_number", "kind", "severity", "status", "summary", "source_values", "paths", "first_run_id", "last_run_id", "gone_run_id", "review_note", "reviewed_by", "reviewed_at"]);
  t.deepEqual(result.rows, [
    ["F0520c4a7eb94e52","job_a5c8d2e7f146","J0010","duplicate_job_number","error","open","job number J0010 is used by 2 job folders",{"job_number":"J0010","job_folders":["job_a5c8d2e7f146","job_e7f8a9b0c1d2"]},["job_a5c8d2e7f146","job_e7f8a9b0c1d2"],"1","1",null,null,null,null],
    ["F9867b434d794a62","job_e7f8a9b0c1d2","J0010","duplicate_job_number","error","open","job number J0010 is used by 2 job folders",{"job_number":"J0010","job_folders":["job_a5c8d2e7f146","job_e7f8a9b0c1d2"]},["job_a5c8d2e7f146","job_e7f8a9b0c1d2"],"1","1",null,null,null,null],
    ["Ff460629c565ce35","job_9e4f1b6a2d35","J0009","field_mismatch","error","open","tree_species: job_record \"Sugar maple (Acer saccharum)\" but the final reported \"Silver maple (Acer saccharinum)\"",{"field":"tree_species","final":"Silver maple (Acer saccharinum)","job_record":"Sugar maple (Acer saccharum)"},["job_9e4f1b6a2d35/job_record.json","job_9e4f1b6a2d35/final.json"],"1","1",null,null,null,null],
    ["Fe6812fb3b03e1da","job_9e4f1b6a2d35","J0009","geojson_drift","error","open","final.geojson differs from its final snapshot in coordinates",{"snapshot":"final","coordinates":{"stored":[-122.68,45.52],"expected":[-122.6765,45.5231]}},["job_9e4f1b6a2d35/final.geojson","job_9e4f1b6a2d35/final.json"],"1","1",null,null,null,null],
    ["F3a3f59ccf83c974","job_c1d2e3f4a5b6","J0011","identity_mismatch","error","open","job_id differs between sources: folder=job_c1d2e3f4a5b6, job_record=job_c1d2e3f4a5b7",{"field":"job_id","folder":"job_c1d2e3f4a5b6","job_record":"job_c1d2e3f4a5b7"},["job_c1d2e3f4a5b6/job_record.json"],"1","1",null,null,null,null],
    ["F2efaad6e9c17559","job_7b3e8a1d5c24","J0007","final_round_missing","warning","open","the final was made from \"round_3\", which has no round folder",{"final":"round_3","rounds":["round_1","round_2"]},["job_7b3e8a1d5c24/final.json"],"1","1",null,null,null,null],
    ["Fa3cea0906e93205","job_4a1f0c2b9e01","J0004","latest_round_mismatch","warning","open","job_record latest_round_id \"round_5\" but the final was made from \"round_2\"",{"final":"round_2","job_record":"round_5"},["job_4a1f0c2b9e01/job_record.json","job_4a1f0c2b9e01/final.json"],"1","1",null,null,null,null],
    ["F1f78e76295476f5","job_6c2d7e9f0a13","J0006","latest_round_mismatch","warning","open","job_record latest_round_id \"round_2\" but the correction was made from \"round_15\"",{"correction":"round_15","job_record":"round_2"},["job_6c2d7e9f0a13/job_record.json","job_6c2d7e9f0a13/final_correction.json"],"1","1",null,null,null,null],
    ["F636b8b6d3605887","job_6c2d7e9f0a13","J0006","latest_round_mismatch","warning","open","job_record latest_round_id \"round_2\" but the final was made from \"round_15\"",{"final":"round_15","job_record":"round_2"},["job_6c2d7e9f0a13/job_record.json","job_6c2d7e9f0a13/final.json"],"1","1",null,null,null,null],
    ["F4f67d95233238da","job_7b3e8a1d5c24","J0007","latest_round_mismatch","warning","open","job_record latest_round_id \"round_2\" but the final was made from \"round_3\"",{"final":"round_3","job_record":"round_2"},["job_7b3e8a1d5c24/job_record.json","job_7b3e8a1d5c24/final.json"],"1","1",null,null,null,null],
    ["F6e14ff35b640e96","job_c1d2e3f4a5b6","J0011","manifest_item_missing","warning","open","round round_1 manifest lists recording site_factors/rec_c1_02, which is not on disk",{"disk":null,"kind":"recording","round_id":"round_1","section_id":"site_factors","artifact_id":"rec_c1_02"},["job_c1d2e3f4a5b6/rounds/round_1/manifest.json"],"1","1",null,null,null,null],
    ["F91630d5823ca687","job_f0a1b2c3d4e5","J0008","media_file_missing","warning","open","recording notes_explanations_descriptions/rec_f0_04 has metadata but no audio file",{"file":null,"meta":"job_f0a1b2c3d4e5/sections/notes_explanations_descriptions/recordings/rec_f0_04.meta.json","medium":"recording","section_id":"notes_explanations_descriptions","recording_id":"rec_f0_04"},["job_f0a1b2c3d4e5/sections/notes_explanations_descriptions/recordings/rec_f0_04.meta.json"],"1","1",null,null,null,null],
    ["F2b522379c1ec9a4","job_c1d2e3f4a5b6","J0011","media_meta_missing","warning","open","recording trunk/rec_c1_03 has a file but no .meta.json",{"file":"job_c1d2e3f4a5b6/sections/trunk/recordings/rec_c1_03.wav","meta":null,"medium":"recording","section_id":"trunk","recording_id":"rec_c1_03"},["job_c1d2e3f4a5b6/sections/trunk/recordings/rec_c1_03.wav"],"1","1",null,null,null,null],
    ["F06d23a73526bd32","job_f0a1b2c3d4e5","J0008","media_unplaced","warning","open","recording trunk/rec_f0_05 is named by no round manifest or review: its round is unknown",{"medium":"recording","round_id":null,"section_id":"trunk","recording_id":"rec_f0_05"},["job_f0a1b2c3d4e5/sections/trunk/recordings/rec_f0_05.m4a","job_f0a1b2c3d4e5/sections/trunk/recordings/rec_f0_05.meta.json","job_f0a1b2c3d4e5/sections/trunk/recordings/rec_f0_05.transcript.txt"],"1","1",null,null,null,null],
    ["F388760822b5260a","job_9e4f1b6a2d35","J0009","path_outside_job","warning","open","stored_path \"/srv/legacy-server/data/jobs/job_4a1f0c2b9e01/sections/trunk/recordings/rec_4a_04.mp3\" in job_9e4f1b6a2d35/sections/trunk/recordings/rec_9e_02.meta.json is outside job folder job_9e4f1b6a2d35: not opened",{"source":"job_9e4f1b6a2d35/sections/trunk/recordings/rec_9e_02.meta.json#/stored_path","job_folder":"job_9e4f1b6a2d35","stored_path":"/srv/legacy-server/data/jobs/job_4a1f0c2b9e01/sections/trunk/recordings/rec_4a_04.mp3"},["job_9e4f1b6a2d35/sections/trunk/recordings/rec_9e_02.meta.json"],"1","1",null,null,null,null],
    ["Fc840820a849d6f4","job_a5c8d2e7f146","J0010","path_outside_job","warning","open","stored_path \"/srv/legacy-server/data/jobs/job_a5c8d2e7f146/../../../../../etc/passwd\" in job_a5c8d2e7f146/sections/job_photos/images/img_a5_1.meta.json is outside job folder job_a5c8d2e7f146: not opened",{"source":"job_a5c8d2e7f146/sections/job_photos/images/img_a5_1.meta.json#/stored_path","job_folder":"job_a5c8d2e7f146","stored_path":"/srv/legacy-server/data/jobs/job_a5c8d2e7f146/../../../../../etc/passwd"},["job_a5c8d2e7f146/sections/job_photos/images/img_a5_1.meta.json"],"1","1",null,null,null,null],
    ["Faaa8c6e6bcc476e","job_9e4f1b6a2d35","J0009","report_image_missing","warning","open","the final's report image sections/job_photos/images/img_9e_3.report.jpg is not on disk",{"disk":null,"final":"sections/job_photos/images/img_9e_3.report.jpg"},["job_9e4f1b6a2d35/final.json","job_9e4f1b6a2d35/sections/job_photos/images/img_9e_3.report.jpg"],"1","1",null,null,null,null],
    ["Fc239bd0bd343439","job_1","J0001","missing_job_record","info","open","no job_record.json: job seeded from its final snapshot",{"job_record":null,"seeded_from":"final_only"},["job_1/job_record.json"],"1","1",null,null,null,null],
  ]);
});

test.serial('preset geojson-exports: exact rows on the fixtures', async (t) => {
  const result = await collect('geojson-exports');
  t.deepEqual(result.columns, ["job_id", "job_number", "kind", "geometry_type", "longitude", "latitude", "exported_job_number", "exported_user_name", "images", "drift_open", "source_path", "payload_sha256"]);
  t.deepEqual(result.rows, [
    ["job_1","J0001","final",null,null,null,"J0001","Marcus Oyelaran",0,false,"job_1/final.geojson","b1f9c203f98c24007c19473619e8619d296f7aa716f106eb456f44d3dc83f153"],
    ["job_4a1f0c2b9e01","J0004","final","Point",-120.34561,42.18912,"J0004","Dana Whitfield",2,false,"job_4a1f0c2b9e01/final.geojson","f9a02a0972337e429489cf0a82ab056302c10a5f51fee1afaf4b0e6304fef61f"],
    ["job_4a1f0c2b9e01","J0004","correction","Point",-120.34561,42.18912,"J0004","Dana Whitfield",3,false,"job_4a1f0c2b9e01/final_correction.geojson","0f257721a17fcf0cd57a6b482a68e77d13025bff71a395f38fc68812149f42b4"],
    ["job_6c2d7e9f0a13","J0006","final","Point",-120.3456,42.18913,"J0006","Dana Whitfield",2,false,"job_6c2d7e9f0a13/final.geojson","a444205b486a372dc643842fd0f4a3203e067337b768badf89a31a5c47b36227"],
    ["job_6c2d7e9f0a13","J0006","correction","Point",-120.3456,42.18913,"J0006","Dana Whitfield",2,false,"job_6c2d7e9f0a13/final_correction.geojson","a444205b486a372dc643842fd0f4a3203e067337b768badf89a31a5c47b36227"],
    ["job_7b3e8a1d5c24","J0007","final","Point",-120.34562,42.1891,"J0007","Marcus Oyelaran",1,false,"job_7b3e8a1d5c24/final.geojson","be5a7884fc59cdf55f5501195f7b6bc507386b4c7c28387a0daf0a40317845f1"],
    ["job_7b3e8a1d5c24","J0007","correction","Point",-120.34562,42.1891,"J0007","Marcus Oyelaran",1,false,"job_7b3e8a1d5c24/final_correction.geojson","be5a7884fc59cdf55f5501195f7b6bc507386b4c7c28387a0daf0a40317845f1"],
    ["job_9e4f1b6a2d35","J0009","final","Point",-122.68,45.52,"J0009","Marcus Oyelaran",3,true,"job_9e4f1b6a2d35/final.geojson","f56974f582a2486eda0cc8b76db2d222f6d76a8ece528da32309e6b91d5fd0e1"],
    ["job_a5c8d2e7f146","J0010","final","Point",-122.6771,45.5229,"J0010","Marcus Oyelaran",1,false,"job_a5c8d2e7f146/final.geojson","34e197e4d75b9b51211985b6582852ecc2f0ce8c0ad304570693d2645d1c456a"],
  ]);
});

test.serial('preset media-by-job: exact rows on the fixtures', async (t) => {
  const result = await collect('media-by-job');
  t.deepEqual(result.columns, ["job_id", "job_number", "round_id", "kind", "items", "without_file", "bytes"]);
  t.deepEqual(result.rows, [
    ["job_1","J0001","round_1","recording",3,0,"45"],
    ["job_4a1f0c2b9e01","J0004","round_1","image",1,0,"12"],
    ["job_4a1f0c2b9e01","J0004","round_1","recording",2,0,"29"],
    ["job_4a1f0c2b9e01","J0004","round_2","image",1,0,"12"],
    ["job_4a1f0c2b9e01","J0004","round_2","recording",3,0,"41"],
    ["job_4a1f0c2b9e01","J0004","round_5","image",1,0,"12"],
    ["job_4a1f0c2b9e01","J0004","round_5","recording",1,0,"13"],
    ["job_6c2d7e9f0a13","J0006","round_2","image",1,0,"12"],
    ["job_6c2d7e9f0a13","J0006","round_2","recording",3,0,"44"],
    ["job_6c2d7e9f0a13","J0006","round_15","image",1,0,"12"],
    ["job_6c2d7e9f0a13","J0006","round_15","recording",1,0,"13"],
    ["job_7b3e8a1d5c24","J0007","round_1","recording",2,0,"26"],
    ["job_7b3e8a1d5c24","J0007","round_2","image",1,0,"12"],
    ["job_7b3e8a1d5c24","J0007","round_2","recording",1,0,"12"],
    ["job_9e4f1b6a2d35","J0009","round_1","image",2,0,"25"],
    ["job_9e4f1b6a2d35","J0009","round_1","recording",2,0,"29"],
    ["job_a5c8d2e7f146","J0010","round_1","image",1,0,"12"],
    ["job_a5c8d2e7f146","J0010","round_1","recording",2,0,"28"],
    ["job_c1d2e3f4a5b6","J0011","round_1","recording",2,0,"29"],
    ["job_d4e5f6a7b8c9","J0012","round_1","image",1,0,"12"],
    ["job_d4e5f6a7b8c9","J0012","round_1","recording",2,0,"29"],
    ["job_e7f8a9b0c1d2","J0010","round_1","recording",1,0,"16"],
    ["job_f0a1b2c3d4e5","J0008","round_1","image",1,0,"12"],
    ["job_f0a1b2c3d4e5","J0008","round_1","recording",2,0,"29"],
    ["job_f0a1b2c3d4e5","J0008","round_2","recording",2,1,"25"],
    ["job_f0a1b2c3d4e5","J0008",null,"recording",1,0,"16"],
  ]);
});

test.serial('preset normalized-entities: exact rows on the fixtures', async (t) => {
  const result = await collect('normalized-entities');
  t.deepEqual(result.columns, ["entity", "code", "name", "details", "jobs"]);
  t.deepEqual(result.rows, [
    ["customer","C0001","Lakeview Public Library",{},1],
    ["customer","C0002","Acme Parks Dept",{},3],
    ["customer","C0003","Riverside HOA",{},2],
    ["customer","C0004","Pinecrest School District",{},2],
    ["customer","C0005","Harbor View Condominiums",{},1],
    ["billing_profile","B0001","Acme Parks Dept - Accounts Payable",{"address":"PO Box 410, Lakeview, OR 97630","contact":"Jordan Pike"},2],
    ["billing_profile","B0002","Riverside HOA c/o Cascade Property Mgmt",{"address":"500 SW Oak St Ste 200, Portland, OR 97204","contact":"Priya Raman"},1],
    ["billing_profile","B0003","Harbor View Condominiums HOA",{"address":"301 Harbor Blvd, Newport, OR 97365","contact":"Lee Tanaka"},1],
    ["operator","O0001","Marcus Oyelaran",{"email":null,"phone":null,"isa_number":null},4],
    ["operator","O0002","Dana Whitfield",{"email":"dana.whitfield@example.org","phone":"+1 541 555 0142","isa_number":"PN-7731A"},2],
    ["tree","T0001","Lakeview Public Library tree 1",{"customer":"C0001","tree_key":"1","tree_number":1},1],
    ["tree","T0002","Acme Parks Dept tree 3",{"customer":"C0002","tree_key":"3","tree_number":3},3],
    ["tree","T0003","Riverside HOA tree 1",{"customer":"C0003","tree_key":"1","tree_number":1},1],
    ["tree","T0004","Riverside HOA tree 2",{"customer":"C0003","tree_key":"2","tree_number":2},1],
    ["tree","T0005","Pinecrest School District tree 4",{"customer":"C0004","tree_key":"4","tree_number":4},1],
    ["tree","T0006","Pinecrest School District tree 5",{"customer":"C0004","tree_key":"5","tree_number":5},1],
    ["tree","T0007","Harbor View Condominiums tree 7",{"customer":"C0005","tree_key":"7","tree_number":7},1],
  ]);
});

test.serial('preset report-projection: exact rows on the fixtures', async (t) => {
  const result = await collect('report-projection');
  t.deepEqual(result.columns, ["job_id", "job_number", "snapshot", "assessor", "operator_code", "customer_code", "customer", "billing_code", "billing_name", "billing_address", "billing_contact_name", "tree_code", "tree_number", "tree_species", "risk_rating", "residual_risk", "inspection_interval", "latitude", "longitude", "transcript_chars", "report_images", "archived_at"]);
  t.deepEqual(result.rows, [
    ["job_1","J0001","final","Marcus Oyelaran","O0001","C0001","Lakeview Public Library",null,null,null,null,"T0001","1","Bigleaf maple (Acer macrophyllum)","Low","Low","24 months",null,null,341,0,"2022-05-14T16:20:00Z"],
    ["job_4a1f0c2b9e01","J0004","correction","Dana Whitfield","O0002","C0002","Acme Parks Dept","B0001","Acme Parks Dept - Accounts Payable","PO Box 410, Lakeview, OR 97630","Jordan Pike","T0002","3","Red oak (Quercus rubra)","Low","Low","24 months",42.18912,-120.34561,597,3,"2023-06-22T15:05:44Z"],
    ["job_6c2d7e9f0a13","J0006","correction","Dana Whitfield","O0002","C0002","Acme Parks Dept","B0001","Acme Parks Dept - Accounts Payable","PO Box 410, Lakeview, OR 97630","Jordan Pike","T0002","3","Red oak (Quercus rubra)","Moderate","Low","12 months",42.18913,-120.3456,476,2,"2024-05-02T10:00:00Z"],
    ["job_7b3e8a1d5c24","J0007","correction","Marcus Oyelaran","O0001","C0002","Acme Parks Dept",null,null,null,null,"T0002","three","Red oak (Quercus rubra)","Moderate","Low","12 months",42.1891,-120.34562,371,1,"2024-11-01T09:30:00Z"],
    ["job_9e4f1b6a2d35","J0009","final","Marcus Oyelaran","O0001","C0003","Riverside HOA","B0002","Riverside HOA c/o Cascade Property Mgmt","500 SW Oak St Ste 200, Portland, OR 97204","Priya Raman","T0003","1","Silver maple (Acer saccharinum)","High","Moderate","6 months",45.5231,-122.6765,237,3,"2024-06-13T19:00:00Z"],
    ["job_a5c8d2e7f146","J0010","final","Marcus Oyelaran","O0001","C0003","Riverside HOA",null,null,null,null,"T0004","2","Douglas fir (Pseudotsuga menziesii)","Low","Low","24 months",45.5229,-122.6771,229,1,"2024-07-05T17:20:00Z"],
  ]);
});

test.serial('preset round-mismatches: exact rows on the fixtures', async (t) => {
  const result = await collect('round-mismatches');
  t.deepEqual(result.columns, ["job_id", "job_number", "kind", "snapshot", "record_round_id", "snapshot_round_id", "finding_id", "severity", "status", "review_note", "reviewed_by", "reviewed_at"]);
  t.deepEqual(result.rows, [
    ["job_4a1f0c2b9e01","J0004","latest_round_mismatch","final","round_5","round_2","Fa3cea0906e93205","warning","open",null,null,null],
    ["job_6c2d7e9f0a13","J0006","latest_round_mismatch","correction","round_2","round_15","F1f78e76295476f5","warning","open",null,null,null],
    ["job_6c2d7e9f0a13","J0006","latest_round_mismatch","final","round_2","round_15","F636b8b6d3605887","warning","open",null,null,null],
    ["job_7b3e8a1d5c24","J0007","final_round_missing","final",null,"round_3","F2efaad6e9c17559","warning","open",null,null,null],
    ["job_7b3e8a1d5c24","J0007","latest_round_mismatch","final","round_2","round_3","F4f67d95233238da","warning","open",null,null,null],
  ]);
});

test.serial('preset summary: exact rows on the fixtures', async (t) => {
  const result = await collect('summary');
  t.deepEqual(result.columns, ["section", "name", "count"]);
  t.deepEqual(result.rows, [
    ["table","customers",5],
    ["table","billing_profiles",3],
    ["table","operators",2],
    ["table","trees",7],
    ["table","jobs",10],
    ["table","job_rounds",15],
    ["table","round_recordings",30],
    ["table","round_images",11],
    ["table","job_finals",9],
    ["table","job_geojson_exports",9],
    ["table","artifacts",142],
    ["table","job_events",10],
    ["table","reconciliation",18],
    ["table","import_runs",1],
    ["table","import_issues",7],
    ["job_status","ARCHIVED",6],
    ["job_status","DRAFT",1],
    ["job_status","FAILED",1],
    ["job_status","REVIEW_RETURNED",1],
    ["job_status","SUBMITTED_FOR_PROCESSING",1],
    ["open_findings","duplicate_job_number",2],
    ["open_findings","field_mismatch",1],
    ["open_findings","final_round_missing",1],
    ["open_findings","geojson_drift",1],
    ["open_findings","identity_mismatch",1],
    ["open_findings","latest_round_mismatch",4],
    ["open_findings","manifest_item_missing",1],
    ["open_findings","media_file_missing",1],
    ["open_findings","media_meta_missing",1],
    ["open_findings","media_unplaced",1],
    ["open_findings","missing_job_record",1],
    ["open_findings","path_outside_job",2],
    ["open_findings","report_image_missing",1],
  ]);
});

test.serial('preset tree-identity: exact rows on the fixtures', async (t) => {
  const result = await collect('tree-identity');
  t.deepEqual(result.columns, ["job_id", "job_number", "customer_as_written", "tree_number_as_written", "customer_code", "customer", "tree_code", "tree_key", "tree_first_spelling", "jobs_on_tree"]);
  t.deepEqual(result.rows, [
    ["job_1","J0001","Lakeview Public Library","1","C0001","Lakeview Public Library","T0001","1","1",1],
    ["job_4a1f0c2b9e01","J0004","Acme Parks Dept","3","C0002","Acme Parks Dept","T0002","3","3",3],
    ["job_6c2d7e9f0a13","J0006","acme parks dept","3","C0002","Acme Parks Dept","T0002","3","3",3],
    ["job_7b3e8a1d5c24","J0007","ACME PARKS DEPT","three","C0002","Acme Parks Dept","T0002","3","3",3],
    ["job_9e4f1b6a2d35","J0009","Riverside HOA","1","C0003","Riverside HOA","T0003","1","1",1],
    ["job_a5c8d2e7f146","J0010","Riverside HOA","2","C0003","Riverside HOA","T0004","2","2",1],
    ["job_c1d2e3f4a5b6","J0011","Pinecrest School District","4","C0004","Pinecrest School District","T0005","4","4",1],
    ["job_d4e5f6a7b8c9","J0012","Pinecrest School District","5","C0004","Pinecrest School District","T0006","5","5",1],
    ["job_f0a1b2c3d4e5","J0008","Harbor View Condominiums","7","C0005","Harbor View Condominiums","T0007","7","7",1],
    ["job_e7f8a9b0c1d2","J0010",null,null,null,null,null,null,null,0],
  ]);
});

test.serial('preset import-runs: one completed run with its options, folder counts and totals', async (t) => {
  const result = await collect('import-runs');
  t.deepEqual(result.columns, ['id', 'status', 'started_at', 'finished_at', 'jobs_root', 'options', 'folders', 'rows_inserted', 'rows_updated', 'rows_deleted', 'issues', 'error']);
  t.is(result.rows.length, 1);
  const [id, status, startedAt, finishedAt, ...rest] = result.rows[0]!;
  t.deepEqual([id, status], ['1', 'completed']);
  t.regex(String(startedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);
  t.regex(String(finishedAt), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$/);
  t.deepEqual(rest, [
    FIXTURES,
    { full: false, jobs: null, shard: null, batchSize: 200, concurrency: 8 },
    { read: 10, found: 10, missing: 0, selected: 10, files_read: 99, unreadable: 0, skipped_unchanged: 0 },
    '278', '0', '0', 7, null,
  ]);
  t.deepEqual((await collect('import-runs', { job: 'job_1' })).rows.length, 1);
  t.deepEqual((await collect('import-runs', { kind: 'failed' })).rows, []);
});

test.serial('--job and --kind are bound filters: one job, one kind, or nothing for values that match nothing', async (t) => {
  t.deepEqual((await collect('archived-finals', { job: 'job_4a1f0c2b9e01', kind: 'correction' })).rows.map((r) => r.slice(0, 5)), [
    ['job_4a1f0c2b9e01', 'J0004', 'ARCHIVED', 'correction', 'round_5'],
  ]);
  t.deepEqual((await collect('media-by-job', { job: 'job_f0a1b2c3d4e5', kind: 'recording' })).rows, [
    ['job_f0a1b2c3d4e5', 'J0008', 'round_1', 'recording', 2, 0, '29'],
    ['job_f0a1b2c3d4e5', 'J0008', 'round_2', 'recording', 2, 1, '25'],
    ['job_f0a1b2c3d4e5', 'J0008', null, 'recording', 1, 0, '16'],
  ]);
  t.deepEqual((await collect('summary', { job: 'job_1', kind: 'open_findings' })).rows, [['open_findings', 'missing_job_record', 1]]);
  t.deepEqual((await collect('tree-identity', { kind: 'unidentified' })).rows.map((r) => r[0]), ['job_e7f8a9b0c1d2']);
  t.deepEqual((await collect('findings', { job: 'no_such_job' })).rows, []);
});

test.serial('--limit stops reading the cursor after that many rows', async (t) => {
  const all = await collect('findings');
  const first = await collect('findings', { limit: 3 });
  t.deepEqual(first.rows, all.rows.slice(0, 3));
  const none = await collect('findings', { limit: 0 });
  t.deepEqual(none.rows, []);
  t.deepEqual(none.columns, all.columns);
  await t.throwsAsync(() => collect('findings', { limit: -1 }), { message: /--limit must be a whole number >= 0/ });
});

test.serial('rows arrive in pages of FETCH_SIZE from a server-side cursor, inside a READ ONLY transaction', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jobmig-presets-'));
  try {
    await writeFile(
      path.join(dir, 'series.sql'),
      `-- numbers\nSELECT n, current_setting('transaction_read_only') AS read_only, $1::text AS job, $2::text AS kind\nFROM generate_series(1, 2500) n\nORDER BY n;\n`,
    );
    const url = pathToFileURL(dir + '/');
    const whole = await collect('series', {}, url);
    t.deepEqual(whole.pages, [FETCH_SIZE, FETCH_SIZE, 500]);
    t.deepEqual(whole.rows.map((r) => r[0]), Array.from({ length: 2500 }, (_, i) => i + 1));
    t.true(whole.rows.every((r) => r[1] === 'on'));
    const limited = await collect('series', { limit: 1500, job: 'j', kind: 'k' }, url);
    t.deepEqual(limited.pages, [FETCH_SIZE, 500]);
    t.deepEqual(limited.rows.at(-1), [1500, 'on', 'j', 'k']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('every preset file follows the contract: a description, both parameters as text, a total ORDER BY', (t) => {
  const presets = listPresets();
  t.true(presets.length >= 11);
  for (const p of presets) {
    t.regex(p.description, /\S/, `${p.name}: first line must be "-- <description>"`);
    t.regex(p.sql, /\$1::text/, `${p.name}: references $1::text`);
    t.regex(p.sql, /\$2::text/, `${p.name}: references $2::text`);
    t.notRegex(p.sql, /\$[3-9]/, `${p.name}: only $1 and $2`);
    t.regex(p.sql, /ORDER BY/i, `${p.name}: ordered`);
  }
});
