/**
 * The DevDetail DDF (urn:oma:mo:oma-dm-devdetail:1.0) as the reference device carries it: the text of
 * vectors/ddf/devdetail.ddf, byte for byte (test/unit/tree/ddf-devdetail.test.ts holds them equal), so
 * the device needs no repo data at run time (its container image holds harness/ only).
 */
export const DEVDETAIL_DDF = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE MgmtTree PUBLIC "-//OMA//DTD-DM-DDF 1.2//EN" "http://www.openmobilealliance.org/tech/DTD/DM_DDF-V1_2.dtd">
<!-- DevDetail as DM 1.2 publishes it: URI limits, device type, versions, large-object support. Written for dmcts from the public node list. -->
<MgmtTree>
  <VerDTD>1.2</VerDTD>
  <Man>dmcts</Man>
  <Mod>DDF vectors</Mod>
  <Node>
    <NodeName>DevDetail</NodeName>
    <DFProperties>
      <AccessType><Get/></AccessType>
      <Description>Device details</Description>
      <DFFormat><node/></DFFormat>
      <Occurrence><One/></Occurrence>
      <Scope><Permanent/></Scope>
      <DFType><DDFName>urn:oma:mo:oma-dm-devdetail:1.0</DDFName></DFType>
    </DFProperties>
    <Node>
      <NodeName>URI</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Limits on the URIs the device handles</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
      <Node>
        <NodeName>MaxDepth</NodeName>
        <DFProperties>
          <AccessType><Get/></AccessType>
          <Description>Largest tree depth (0: no limit)</Description>
          <DFFormat><chr/></DFFormat>
          <Occurrence><One/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><MIME>text/plain</MIME></DFType>
        </DFProperties>
      </Node>
      <Node>
        <NodeName>MaxTotLen</NodeName>
        <DFProperties>
          <AccessType><Get/></AccessType>
          <Description>Longest URI (0: no limit)</Description>
          <DFFormat><chr/></DFFormat>
          <Occurrence><One/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><MIME>text/plain</MIME></DFType>
        </DFProperties>
      </Node>
      <Node>
        <NodeName>MaxSegLen</NodeName>
        <DFProperties>
          <AccessType><Get/></AccessType>
          <Description>Longest URI segment (0: no limit)</Description>
          <DFFormat><chr/></DFFormat>
          <Occurrence><One/></Occurrence>
          <Scope><Permanent/></Scope>
          <DFType><MIME>text/plain</MIME></DFType>
        </DFProperties>
      </Node>
    </Node>
    <Node>
      <NodeName>DevTyp</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Device type</Description>
        <DFFormat><chr/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>OEM</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Original equipment manufacturer</Description>
        <DFFormat><chr/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>FwV</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Firmware version</Description>
        <DFFormat><chr/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>SwV</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Software version</Description>
        <DFFormat><chr/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>HwV</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Hardware version</Description>
        <DFFormat><chr/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>LrgObj</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Whether the device supports large objects</Description>
        <DFFormat><bool/></DFFormat>
        <Occurrence><One/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><MIME>text/plain</MIME></DFType>
      </DFProperties>
    </Node>
    <Node>
      <NodeName>Ext</NodeName>
      <DFProperties>
        <AccessType><Get/></AccessType>
        <Description>Vendor extensions</Description>
        <DFFormat><node/></DFFormat>
        <Occurrence><ZeroOrOne/></Occurrence>
        <Scope><Permanent/></Scope>
        <DFType><DDFName/></DFType>
      </DFProperties>
    </Node>
  </Node>
</MgmtTree>
`;
