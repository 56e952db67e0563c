// Checks CloudFormation / SAM templates against the CloudFormation resource specification of @aws-cdk/cfnspec
// (which includes the SAM resource types): every resource type exists, every property name exists on its type
// (nested property types too, where the spec names one), and every required property is set.
// Usage: node check-cfn.cjs TEMPLATE.json...   Prints one line per problem; exit 1 when there is any.
const fs = require('node:fs');
const spec = require('@aws-cdk/cfnspec/spec/specification.json');

// The last @aws-cdk/cfnspec (2.72.1) predates SAM's SnapStart property of AWS::Serverless::Function (AWS SAM Developer
// Guide, "AWS::Serverless::Function", property SnapStart: passed to the AWS::Lambda::Function's SnapStart). It is added
// here with the Lambda function's own SnapStart type, so its nested names are still checked.
const samFunction = spec.ResourceTypes['AWS::Serverless::Function'];
if (samFunction && !samFunction.Properties.SnapStart) {
  samFunction.Properties.SnapStart = { Required: false, Type: 'SnapStart', UpdateType: 'Mutable' };
  spec.PropertyTypes['AWS::Serverless::Function.SnapStart'] = spec.PropertyTypes['AWS::Lambda::Function.SnapStart'];
}

const problems = [];
const isIntrinsic = (v) => v && typeof v === 'object' && !Array.isArray(v)
  && Object.keys(v).length === 1 && (Object.keys(v)[0] === 'Ref' || Object.keys(v)[0].startsWith('Fn::'));

function checkProperties(where, typeName, props, specProps) {
  for (const [name, p] of Object.entries(specProps)) {
    if (p.Required && !(name in props)) problems.push(`${where}: required property ${name} is missing (${typeName})`);
  }
  for (const [name, value] of Object.entries(props)) {
    const p = specProps[name];
    if (!p) {
      problems.push(`${where}: ${typeName} has no property ${name}`);
      continue;
    }
    checkValue(`${where}.${name}`, typeName, p, value);
  }
}

function checkValue(where, typeName, p, value) {
  if (isIntrinsic(value)) return;
  const resource = typeName.split('.')[0];
  if (p.Type === 'List' && p.ItemType && Array.isArray(value)) {
    value.forEach((v, i) => checkNested(`${where}[${i}]`, resource, p.ItemType, v));
  } else if (p.Type === 'Map' && p.ItemType && value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) checkNested(`${where}.${k}`, resource, p.ItemType, v);
  } else if (p.Type && p.Type !== 'List' && p.Type !== 'Map') {
    checkNested(where, resource, p.Type, value);
  }
}

function checkNested(where, resource, type, value) {
  if (isIntrinsic(value) || value === null || typeof value !== 'object' || Array.isArray(value)) return;
  const name = `${resource}.${type}`;
  const t = spec.PropertyTypes[name] || spec.PropertyTypes[type];
  if (!t || !t.Properties) return; // a type the spec leaves open (e.g. a policy document)
  checkProperties(where, name, value, t.Properties);
}

for (const file of process.argv.slice(2)) {
  const template = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const [id, r] of Object.entries(template.Resources || {})) {
    const t = spec.ResourceTypes[r.Type];
    if (!t) {
      problems.push(`${file}: Resources.${id}: unknown resource type ${r.Type}`);
      continue;
    }
    checkProperties(`${file}: Resources.${id}`, r.Type, r.Properties || {}, t.Properties || {});
  }
}
problems.forEach((p) => console.log(p));
console.log(`${process.argv.length - 2} templates checked against the CloudFormation specification `
  + `${spec.ResourceSpecificationVersion}: ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
